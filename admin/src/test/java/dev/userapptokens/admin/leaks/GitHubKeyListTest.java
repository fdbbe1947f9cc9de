package dev.userapptokens.admin.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** The key list read from a local server, as it would be from GitHub's {@code meta/public_keys/secret_scanning}. */
class GitHubKeyListTest {

    private HttpServer server;

    private URI serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsIdentifiersAndKeys() throws IOException {
        URI url = serve(200, "{\"public_keys\":[{\"key_identifier\":\"k1\",\"key\":\"PEM1\",\"is_current\":true},"
                + "{\"key_identifier\":\"k2\",\"key\":\"PEM2\",\"is_current\":false},{\"key\":\"no id\"},{\"key_identifier\":5}]}");
        assertEquals(Map.of("k1", "PEM1", "k2", "PEM2"), new GitHubKeyList(url, new ObjectMapper()).fetch());
    }

    @Test
    void failsOnAnErrorStatusOrAnotherShape() throws IOException {
        URI url = serve(500, "{\"public_keys\":[]}");
        assertThrows(IOException.class, () -> new GitHubKeyList(url, new ObjectMapper()).fetch());
        stop();
        URI other = serve(200, "{\"keys\":[]}");
        assertThrows(IOException.class, () -> new GitHubKeyList(other, new ObjectMapper()).fetch());
        stop();
        URI huge = serve(200, "{\"public_keys\":[\"" + "x".repeat(300_000) + "\"]}");
        assertThrows(IOException.class, () -> new GitHubKeyList(huge, new ObjectMapper()).fetch());
    }

    @Test
    void failsWhenNothingListens() {
        URI url = URI.create("http://127.0.0.1:9/keys");
        assertThrows(IOException.class, () -> new GitHubKeyList(url, new ObjectMapper()).fetch());
    }
}
