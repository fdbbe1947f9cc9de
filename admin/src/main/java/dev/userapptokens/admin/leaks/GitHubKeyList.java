package dev.userapptokens.admin.leaks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.core.leaks.ReportSignatures;

/**
 * GitHub's secret scanning key list, {@code {"public_keys":[{"key_identifier","key","is_current"}]}},
 * read over HTTP(S) from the deployment's configured URL. The client is made on first use, never
 * at build time (no connection in a native image heap).
 */
public final class GitHubKeyList implements ReportSignatures.KeyList {

    private static final int MAX_BYTES = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final URI url;
    private final ObjectMapper json;
    private HttpClient client;

    public GitHubKeyList(URI url, ObjectMapper json) {
        this.url = url;
        this.json = json;
    }

    @Override
    public Map<String, String> fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json")
                .header("User-Agent", "user-app-tokens").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the key list", e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (response.statusCode() != 200 || body.length > MAX_BYTES) {
            throw new IOException("the key list at " + url + " answered " + response.statusCode()
                    + (body.length > MAX_BYTES ? " with more than " + MAX_BYTES + " bytes" : ""));
        }
        JsonNode keys = json.readTree(body).path("public_keys");
        if (!keys.isArray()) {
            throw new IOException("the key list at " + url + " has no public_keys array");
        }
        Map<String, String> pems = new HashMap<>();
        for (JsonNode key : keys) {
            if (key.path("key_identifier").isTextual() && key.path("key").isTextual()) {
                pems.put(key.path("key_identifier").asText(), key.path("key").asText());
            }
        }
        return pems;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }
}
