package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.User;
import dev.userapptokens.localdynamodb.TemplateTables;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

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

    private static final Path EVENTS = TemplateTables.findTemplate().getParent().resolve("infra/events");

    /** A function that never takes the event fails the test instead of hanging the build. */
    @BeforeAll
    static void timeouts() {
        RestAssured.config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
    }

    private final DynamoWiring app = DynamoWiring.builder().dynamoDb(LocalAws.shared().client())
            .tables(LocalAws.tables()).build();

    @Test
    void theAuditStreamSampleBecomesATokenCreatedEvent() throws Exception {
        try (Inbox inbox = new Inbox("TokenCreated")) {
            JsonNode answer = Lambda.invoke(Files.readString(EVENTS.resolve("audit-stream-token-created.json")));
            assertEquals("{\"batchItemFailures\":[]}", answer.toString());
            List<JsonNode> events = inbox.drain();
            assertEquals(1, events.size(), events.toString());
            assertEquals("tok_sampleToken000000000", events.get(0).path("detail").path("tokenId").asText());
        }
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
