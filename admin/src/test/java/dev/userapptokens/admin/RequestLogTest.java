package dev.userapptokens.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One log line and one EMF line per admin request, as API Gateway's events reach the function: the
 * route template (never the raw path), the status and its class, the actor, the latency, Lambda's
 * request id; the metrics by route and status class only.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class RequestLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "GET /v1/users/{id}";

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static JsonNode lastMetrics() {
        List<String> lines = CapturedMetricLines.lines();
        assertFalse(lines.isEmpty(), "no EMF line was written");
        return json(lines.get(lines.size() - 1));
    }

    private static List<JsonNode> requestLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target/admin-test.log"))) {
            if (line.startsWith("{")) {
                JsonNode record = json(line);
                if ("dev.userapptokens.admin.requests".equals(record.path("loggerName").asText())) {
                    lines.add(record);
                }
            }
        }
        return lines;
    }

    @Test
    void aRequestIsOneLineWithItsRouteStatusAndActorAndOneMetricLine() throws IOException {
        String id = LocalDynamoResource.adminId();
        Api.event(ROUTE, "GET", "/v1/users/" + id,
                        Map.of("authorization", "Bearer " + LocalDynamoResource.adminToken()), null)
                .then().statusCode(200).body("statusCode", org.hamcrest.Matchers.equalTo(200));

        JsonNode emf = lastMetrics();
        List<String> directives = new ArrayList<>();
        for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
            assertEquals("UserAppTokens/test", directive.path("Namespace").asText());
            directives.add(directive.path("Dimensions") + " -> " + directive.path("Metrics").findValuesAsText("Name"));
        }
        assertEquals(List.of("[[\"Route\",\"StatusClass\"],[\"StatusClass\"]] -> [Requests]",
                "[[\"Route\"]] -> [RequestLatency]"), directives);
        assertEquals(ROUTE, emf.path("Route").asText());
        assertEquals("2xx", emf.path("StatusClass").asText());
        assertEquals(1, emf.path("Requests").asInt());
        assertFalse(emf.toString().contains(id), "no user in the metrics");

        JsonNode line = requestLines().stream().filter(l -> ROUTE.equals(l.path("mdc").path("route").asText()))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no request line for " + ROUTE));
        JsonNode mdc = line.path("mdc");
        assertEquals("200", mdc.path("status").asText());
        assertEquals(id, mdc.path("actor").asText());
        assertEquals(emf.path("AWSRequestId").asText(), mdc.path("AWSRequestId").asText());
        assertFalse(mdc.path("AWSRequestId").asText().isEmpty());
        assertTrue(Double.parseDouble(mdc.path("latencyMs").asText()) > 0);
        assertFalse(line.toString().contains("/v1/users/" + id), "the route, never the raw path");
    }

    @Test
    void aRefusalIsCountedInItsClassWithoutAnActor() throws IOException {
        Api.event("DELETE /v1/users/{id}", "DELETE", "/v1/users/someone", Map.of("authorization", "Bearer nope"), null)
                .then().statusCode(200).body("statusCode", org.hamcrest.Matchers.equalTo(401));
        JsonNode emf = lastMetrics();
        assertEquals("DELETE /v1/users/{id}", emf.path("Route").asText());
        assertEquals("4xx", emf.path("StatusClass").asText());
        JsonNode mdc = requestLines().get(requestLines().size() - 1).path("mdc");
        assertEquals("401", mdc.path("status").asText());
        assertFalse(mdc.has("actor"));

        // Refused before Vert.x (a control character in a header): recorded all the same.
        Api.event("GET /v1/me", "GET", "/v1/me", Map.of("x-odd", "a\u0001b"), null)
                .then().statusCode(200).body("statusCode", org.hamcrest.Matchers.equalTo(400));
        assertEquals("GET /v1/me", lastMetrics().path("Route").asText());
        assertEquals("4xx", lastMetrics().path("StatusClass").asText());
    }

    /** Requests without a route key (the tests' own event server) are recorded under "-", not their path. */
    @Test
    void withoutARouteKeyTheRouteIsADash() {
        io.restassured.RestAssured.given().get("/v1/users/abc").then().statusCode(401);
        assertEquals("-", lastMetrics().path("Route").asText());
    }
}
