package dev.userapptokens.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.admin.LocalDynamoResource;
import dev.userapptokens.core.metrics.MetricLines;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Without EMF (local runs: text logs): the request is a log record whose fields are in the MDC. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class RequestLogTextTest {

    @Test
    void aLogRecordWithItsFieldsInTheMdc() throws Exception {
        List<String> metrics = new ArrayList<>();
        RequestLog log = new RequestLog();
        log.metricLines = new MetricLines() {
            @Override
            public void accept(String line) {
                metrics.add(line);
            }
        };
        log.emf = false;
        log.namespace = "ns";
        String requestId = "req-" + System.nanoTime();
        log.record("PATCH /v1/users/{id}", 409, "usr_actor", requestId, System.nanoTime());
        assertEquals(List.of(), metrics, "no EMF line");
        ObjectMapper json = new ObjectMapper();
        JsonNode line = null;
        for (String text : Files.readAllLines(Path.of("target/admin-test.log"))) {
            if (text.contains(requestId)) {
                line = json.readTree(text);
            }
        }
        assertEquals(RequestLog.CATEGORY, line.path("loggerName").asText());
        JsonNode mdc = line.path("mdc");
        assertEquals("PATCH /v1/users/{id}", mdc.path("route").asText());
        assertEquals("409", mdc.path("status").asText());
        assertEquals("usr_actor", mdc.path("actor").asText());
        assertEquals(requestId, mdc.path("AWSRequestId").asText());
        assertEquals("PATCH /v1/users/{id} 409 actor=usr_actor", line.path("message").asText().replaceAll(" [0-9.]+ms$", ""));
    }
}
