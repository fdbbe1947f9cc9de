package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.localdynamodb.TemplateTables;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The events functions' files of {@code infra/events}, replayed against the real handlers. */
@QuarkusTest
@QuarkusTestResource(LocalAws.class)
class SampleEventsTest {

    static final Path EVENTS = TemplateTables.findTemplate().getParent().resolve("infra/events");

    @Inject
    ExpiryHandler expiry;

    @Test
    void theAuditStreamSampleBecomesATokenCreatedEvent() throws Exception {
        auditStreamSampleBecomesATokenCreatedEvent();
    }

    /** Also run against the native executable (NativeEventsIT). */
    static void auditStreamSampleBecomesATokenCreatedEvent() throws Exception {
        try (Inbox inbox = new Inbox("TokenCreated")) {
            JsonNode answer = Lambda.invoke(Files.readString(EVENTS.resolve("audit-stream-token-created.json")));
            assertEquals("{\"batchItemFailures\":[]}", answer.toString());
            List<JsonNode> events = inbox.drain();
            assertEquals(1, events.size(), events.toString());
            JsonNode detail = events.get(0).path("detail");
            assertEquals("tok_sampleToken000000000", detail.path("tokenId").asText());
            assertEquals("1764763200000#sampleAuditEvent0001", detail.path("eventId").asText());
            assertTrue(detail.path("email").isNull(), "the sample's user is in no table: " + detail);
        }
    }

    @Test
    void theScheduleSampleRunsTheExpiryWarnings() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        expiry.handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENTS.resolve("schedule-expiry-warnings.json"))),
                out, null);
        JsonNode answer = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(0, answer.path("failed").asInt(), answer.toString());
        assertTrue(answer.has("warned"), answer.toString());
    }
}
