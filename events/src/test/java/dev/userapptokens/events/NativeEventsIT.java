package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The audit-stream function as built (the native executable with {@code -Dnative}: run by failsafe in the
 * root pom's native profile only, see NativeModeTest), behind Quarkus's mock event server, against the local
 * engine: the stream event read (Jackson), the reads for an event's email and label (the extension's
 * DynamoDB client) and the put to the bus (the plain SDK's EventBridge client, which no Quarkus extension
 * prepares for native mode), the same answers as in JVM mode.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(LocalAws.class)
class NativeEventsIT {

    @BeforeAll
    static void failFast() {
        Lambda.failFast();
    }

    private final DynamoWiring app = LocalAws.core();

    @Test
    void theAuditStreamSampleBecomesATokenCreatedEvent() throws Exception {
        SampleEventsTest.auditStreamSampleBecomesATokenCreatedEvent();
    }

    @Test
    void aTokenCreatedThroughCoreArrivesWithItsOwnersEmailAndItsLabelButNotTheToken() {
        try (Inbox inbox = new Inbox("UserCreated", "TokenCreated"); AuditStream stream = new AuditStream()) {
            User owner = ChangeEventsTest.user(app);
            IssuedToken token = app.tokens().create("usr_testadmin", owner.id(), "native", null, null);
            assertEquals(1, stream.deliver(stream.newRecords()));
            List<JsonNode> events = inbox.drain();
            assertEquals(List.of("UserCreated", "TokenCreated"),
                    events.stream().map(e -> e.path("detail-type").asText()).toList(), events.toString());
            JsonNode created = events.get(1).path("detail");
            assertEquals(owner.email(), created.path("email").asText());
            assertEquals("native", created.path("label").asText());
            assertFalse(events.toString().contains(token.token()), "a token reached the bus");
        }
    }
}
