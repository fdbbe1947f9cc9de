package dev.userapptokens.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The functions' credentials, resolved in a child JVM whose environment is Lambda's: with key
 * variables (on-demand), and without them but with the container endpoint (SnapStart).
 */
class DynamoClientsTest {

    /** Run in the child JVM: prints the access key id the functions' provider resolves. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(DynamoClients.lambdaCredentials().resolveCredentials().accessKeyId());
        }
    }

    private static String resolveIn(Map<String, String> env) throws Exception {
        ProcessBuilder child = new ProcessBuilder(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        child.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        child.environment().putAll(env);
        child.redirectErrorStream(true);
        Process process = child.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(30, TimeUnit.SECONDS);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void keyVariablesWhenLambdaSetsThem() throws Exception {
        assertEquals("AKIAENVIRONMENT", resolveIn(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token")));
    }

    @Test
    void containerEndpointUnderSnapStart() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/credentials", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIACONTAINER\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                    + "\"Expiration\":\"" + Instant.now().plusSeconds(3600) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/credentials";
            assertEquals("ASIACONTAINER", resolveIn(Map.of(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI", uri,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "snapstart-token")));
            assertEquals("snapstart-token", authorization.get());
        } finally {
            server.stop(0);
        }
    }
}
