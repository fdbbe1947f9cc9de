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
 * One line per admin request, as API Gateway's events reach the function: an EMF line with the
 * metrics by route and status class only, which is also the request's log line: the route template
 * (never the raw path), the status, the actor, the latency, Lambda's request id.
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
        for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
            assertFalse(directive.path("Dimensions").toString().contains("actor"), "no user dimension");
        }

        assertEquals("INFO", emf.path("level").asText());
        assertEquals("dev.userapptokens.admin.requests", emf.path("loggerName").asText());
        assertEquals("200", emf.path("status").asText());
        assertEquals(id, emf.path("actor").asText(), "the actor is a member, never a dimension");
        assertFalse(emf.path("AWSRequestId").asText().isEmpty());
        assertTrue(emf.path("RequestLatency").asDouble() > 0);
        assertTrue(emf.path("message").asText().startsWith(ROUTE + " 200 actor=" + id), emf.toString());
        assertFalse(emf.toString().contains("/v1/users/" + id), "the route, never the raw path");
        String requestId = emf.path("AWSRequestId").asText();
        assertTrue(requestLines().stream().noneMatch(l -> requestId.equals(l.path("mdc").path("AWSRequestId").asText())),
                "one line per request: no log record besides the EMF line");
    }

    @Test
    void aRefusalIsCountedInItsClassWithoutAnActor() throws IOException {
        Api.event("DELETE /v1/users/{id}", "DELETE", "/v1/users/someone", Map.of("authorization", "Bearer nope"), null)
                .then().statusCode(200).body("statusCode", org.hamcrest.Matchers.equalTo(401));
        JsonNode emf = lastMetrics();
        assertEquals("DELETE /v1/users/{id}", emf.path("Route").asText());
        assertEquals("4xx", emf.path("StatusClass").asText());
        assertEquals("401", emf.path("status").asText());
        assertFalse(emf.has("actor"));

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
