package dev.userapptokens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The EMF line as CloudWatch reads it: the _aws metadata, and every dimension and metric a top-level member. */
class EmfLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDocumentedShape() throws Exception {
        String line = new EmfLine("UserAppTokens/prod", 1700000000123L)
                .property("Handler", "http-api").property("Reason", "UNKNOWN").property("AWSRequestId", "r-1")
                .metric("Denies", 1, EmfLine.Unit.COUNT)
                .metric("VerificationLatency", 2.3456, EmfLine.Unit.MILLISECONDS)
                .directive(List.of(List.of("Handler")), "VerificationLatency")
                .directive(List.of(List.of("Reason"), List.of("Handler", "Reason")), "Denies")
                .toJson();
        assertEquals("{\"_aws\":{\"Timestamp\":1700000000123,\"CloudWatchMetrics\":["
                + "{\"Namespace\":\"UserAppTokens/prod\",\"Dimensions\":[[\"Handler\"]],\"Metrics\":[{\"Name\":\"VerificationLatency\",\"Unit\":\"Milliseconds\"}]},"
                + "{\"Namespace\":\"UserAppTokens/prod\",\"Dimensions\":[[\"Reason\"],[\"Handler\",\"Reason\"]],\"Metrics\":[{\"Name\":\"Denies\",\"Unit\":\"Count\"}]}]},"
                + "\"Handler\":\"http-api\",\"Reason\":\"UNKNOWN\",\"AWSRequestId\":\"r-1\",\"Denies\":1,\"VerificationLatency\":2.346}", line);
        JsonNode parsed = JSON.readTree(line);
        for (JsonNode directive : parsed.path("_aws").path("CloudWatchMetrics")) {
            directive.path("Dimensions").forEach(set -> set.forEach(d -> assertEquals(true, parsed.has(d.asText()), d.asText())));
            directive.path("Metrics").forEach(m -> assertEquals(true, parsed.path(m.path("Name").asText()).isNumber()));
        }
    }

    @Test
    void textIsEscaped() throws Exception {
        String odd = "a\"b\\c\nd\u0001\u2028";
        String line = new EmfLine("ns", 1).property("AWSRequestId", odd).metric("Requests", 1, EmfLine.Unit.COUNT)
                .directive(List.of(List.of()), "Requests").toJson();
        assertEquals(odd, JSON.readTree(line).path("AWSRequestId").asText());
        assertEquals(-1, line.indexOf('\n'));
    }

    @Test
    void aDimensionOrMetricWithoutValueIsRefused() {
        assertThrows(IllegalStateException.class, () -> new EmfLine("ns", 1).metric("Requests", 1, EmfLine.Unit.COUNT)
                .directive(List.of(List.of("Route")), "Requests").toJson());
        assertThrows(IllegalStateException.class, () -> new EmfLine("ns", 1).property("Route", "r")
                .directive(List.of(List.of("Route")), "Requests").toJson());
        assertThrows(IllegalArgumentException.class, () -> new EmfLine(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> new EmfLine("ns", 1).metric("x", Double.NaN, EmfLine.Unit.COUNT)
                .directive(List.of(), "x").toJson());
    }
}
