package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The local engine is stopped under a running function: a token that was allowed a moment ago is
 * now denied (fail closed), by both handlers, within the configured DynamoDB call timeout.
 */
@QuarkusTest
@TestProfile(StorageDownProfile.class)
class StorageDownTest {

    @Inject
    DynamoWiring app;

    @Inject
    RestApiHandler rest;

    @Test
    void storageDownIsADenyWithinTheCallTimeout() throws Exception {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        String allowEvent = TestEvents.http("GET", "/v1/users", admin.bearer()).toString();
        String restEvent = TestEvents.restToken("GET", "/v1/users", admin.bearer()).toString();
        assertTrue(Lambda.invokeJson(allowEvent).get("isAuthorized").booleanValue(), "allowed while storage is up");
        assertTrue(new String(rest.handle(stream(restEvent)), StandardCharsets.UTF_8).contains("\"Allow\""));

        ProcessHandle moto = ProcessHandle.of(Long.parseLong(System.getProperty(StorageDownProfile.MOTO_PID))).orElseThrow();
        moto.descendants().forEach(ProcessHandle::destroy);
        moto.destroy();
        moto.onExit().get(10, TimeUnit.SECONDS);

        Duration callTimeout = ConfigProvider.getConfig().getValue("quarkus.dynamodb.api-call-timeout", Duration.class);
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertEquals("{\"isAuthorized\":false}", Lambda.invoke(allowEvent), "HTTP API: storage down is a deny");
            long http = System.nanoTime() - t0;
            // What the operators see: an UNAVAILABLE deny (the alarm's metric) and the failed call counted.
            List<String> lines = CapturedMetricLines.lines();
            com.fasterxml.jackson.databind.JsonNode emf = Lambda.JSON.readTree(lines.get(lines.size() - 1));
            assertEquals("UNAVAILABLE", emf.path("Reason").asText(), emf.toString());
            assertTrue(emf.path("StorageErrors").asInt() >= 1, emf.toString());
            t0 = System.nanoTime();
            assertEquals(RestApiAuthorizerTest.DENY_ALL, new String(rest.handle(stream(restEvent)), StandardCharsets.UTF_8),
                    "REST API: storage down is a deny-all");
            long direct = System.nanoTime() - t0;
            slowest = Math.max(slowest, Math.max(http, direct));
            System.out.printf("storage down: deny in %.1f ms (HTTP API via event server), %.1f ms (REST handler)%n",
                    http / 1e6, direct / 1e6);
        }
        assertTrue(slowest < callTimeout.toNanos(), "deny took " + slowest / 1e6 + " ms, call timeout " + callTimeout);

        // The failure is logged with its type and the request id (never the token): a JSON record in the test log.
        boolean logged = false;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("target/authorizer-test.log"))) {
            if (line.startsWith("{") && line.contains("failed closed")) {
                com.fasterxml.jackson.databind.JsonNode record = Lambda.JSON.readTree(line);
                logged |= "WARN".equals(record.path("level").asText())
                        && record.path("message").asText().matches(".*failed closed: [a-z]+(\\.[A-Za-z0-9_$]+)+Exception")
                        && !record.path("mdc").path("AWSRequestId").asText().isEmpty();
                assertTrue(!line.contains(admin.token()), "no token in the log");
            }
        }
        assertTrue(logged, "a WARN record with the exception type and the request id");
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
