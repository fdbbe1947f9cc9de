package dev.userapptokens.localdynamodb;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One invocation of a function with an event: what a {@link StreamMapping} calls. */
@FunctionalInterface
public interface Invoker {

    /**
     * What came back: {@code outcome} is {@code response} when the function answered ({@code body} is its
     * answer), otherwise why not ({@code error}, {@code crash}, {@code timeout}, {@code unavailable}...).
     */
    record Answer(String outcome, byte[] body, String detail) {
        public boolean responded() {
            return "response".equals(outcome);
        }
    }

    Answer invoke(byte[] event);

    /**
     * Through start-api's control endpoint (infra/local/localapi/control.py): {@code POST <control>/invoke/<function>}
     * with {@code Authorization: Bearer <key>}; its {@code X-Invocation-Outcome} and {@code X-Invocation-Detail} headers.
     * An endpoint that cannot be reached or refuses is {@code unavailable}.
     */
    static Invoker http(URI control, String function, String key) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI target = URI.create(control.toString().replaceAll("/+$", "") + "/invoke/" + function);
        return event -> {
            HttpRequest request = HttpRequest.newBuilder(target).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                String detail = response.headers().firstValue("X-Invocation-Detail").orElse("");
                if (response.statusCode() != 200) {
                    return new Answer("unavailable", response.body(), ("HTTP " + response.statusCode() + " " + detail).trim());
                }
                return new Answer(response.headers().firstValue("X-Invocation-Outcome").orElse("unavailable"),
                        response.body(), detail);
            } catch (IOException e) {
                return new Answer("unavailable", new byte[0], "the control endpoint " + target + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer("unavailable", new byte[0], "interrupted");
            }
        };
    }
}
