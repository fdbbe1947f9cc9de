package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The expiry-warnings function as built (the same native executable as the audit-stream one, with the
 * handler the template's {@code QUARKUS_LAMBDA_HANDLER} selects), on the schedule's sample event: a
 * token expiring within a day is warned once, and not again on the next run.
 */
@QuarkusIntegrationTest
@TestProfile(NativeExpiryIT.ExpiryHandler.class)
@QuarkusTestResource(LocalAws.class)
class NativeExpiryIT {

    /** The handler ExpiryFunction runs. */
    public static class ExpiryHandler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "expiry-warnings");
        }
    }

    @BeforeAll
    static void failFast() {
        Lambda.failFast();
    }

    private final DynamoWiring app = LocalAws.core();

    @Test
    void aTokenExpiringWithinADayIsWarnedOnceAcrossTwoRuns() throws Exception {
        try (Inbox inbox = new Inbox(ExpiryWarnings.DETAIL_TYPE)) {
            User owner = ChangeEventsTest.user(app);
            IssuedToken day = app.tokens().create("usr_testadmin", owner.id(), "day", null,
                    Instant.now().plus(Duration.ofHours(12)));
            JsonNode first = Lambda.invoke(Files.readString(SampleEventsTest.EVENTS.resolve("schedule-expiry-warnings.json")));
            JsonNode second = Lambda.invoke(Files.readString(SampleEventsTest.EVENTS.resolve("schedule-expiry-warnings.json")));
            assertEquals(0, first.path("failed").asInt(), first.toString());
            assertEquals(0, second.path("failed").asInt(), second.toString());
            List<JsonNode> mine = inbox.drain().stream()
                    .filter(e -> day.info().id().equals(e.path("detail").path("tokenId").asText())).toList();
            assertEquals(1, mine.size(), mine.toString());
            assertEquals(1, mine.get(0).path("detail").path("threshold").asInt(), mine.toString());
        }
    }
}
