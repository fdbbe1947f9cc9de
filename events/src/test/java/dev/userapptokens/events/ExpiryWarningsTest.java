package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.User;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The expiry warnings against the local engine, read from a queue subscribed to
 * {@code TokenExpiringSoon}: one event per token per threshold reached, the tightest when a token
 * starts inside several, never twice however often the function runs, a failed put tried again.
 */
@QuarkusTest
@QuarkusTestResource(LocalAws.class)
class ExpiryWarningsTest {

    private static final Thresholds DEFAULT = Thresholds.parse("30,7,1");

    @Inject
    DynamoWiring app;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    Bus bus;
    @Inject
    ExpiryHandler handler;

    private ExpiryWarnings at(Instant now) {
        return new ExpiryWarnings(dynamo, LocalAws.tables().tokens(), bus, Clock.fixed(now, ZoneOffset.UTC), DEFAULT);
    }

    /** Thresholds warned per token of {@code owner} (the table is shared with other tests). */
    private static Map<String, List<Integer>> thresholdsByToken(List<JsonNode> events, User owner) {
        events.forEach(e -> assertEquals(ExpiryWarnings.DETAIL_TYPE, e.path("detail-type").asText()));
        return events.stream().filter(e -> owner.id().equals(e.path("detail").path("userId").asText())).collect(Collectors.groupingBy(e -> e.path("detail").path("tokenId").asText(),
                Collectors.mapping(e -> e.path("detail").path("threshold").asInt(), Collectors.toList())));
    }

    @Test
    void eachTokenIsWarnedOncePerThresholdEvenWhenTheFunctionRunsTwice() throws Exception {
        try (Inbox inbox = new Inbox(ExpiryWarnings.DETAIL_TYPE)) {
            Instant now = Instant.now();
            User owner = ChangeEventsTest.user(app);
            IssuedToken far = app.tokens().create("usr_testadmin", owner.id(), "far", null, now.plus(Duration.ofDays(45)));
            IssuedToken month = app.tokens().create("usr_testadmin", owner.id(), "month", null, now.plus(Duration.ofDays(20)));
            IssuedToken week = app.tokens().create("usr_testadmin", owner.id(), "week", null, now.plus(Duration.ofDays(5)));
            IssuedToken day = app.tokens().create("usr_testadmin", owner.id(), "day", null, now.plus(Duration.ofHours(12)));
            IssuedToken never = app.tokens().create("usr_testadmin", owner.id(), "never", null, null);

            ExpiryWarnings.Run first = at(now).run();
            ExpiryWarnings.Run second = at(now.plusSeconds(60)).run();
            // The deployed handler too, on the real clock: nothing new.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream("{}".getBytes()), out, null);

            List<JsonNode> events = inbox.drain();
            Map<String, List<Integer>> warned = thresholdsByToken(events, owner);
            assertEquals(Map.of(month.info().id(), List.of(30), week.info().id(), List.of(7), day.info().id(), List.of(1)),
                    warned, events.toString());
            assertTrue(first.warned() >= 3, first.toString());
            assertEquals(0, second.warned(), second.toString());
            assertTrue(out.toString().contains("\"failed\":0"), out.toString());

            JsonNode detail = events.stream().filter(e -> e.path("detail").path("tokenId").asText()
                    .equals(week.info().id())).findFirst().orElseThrow().path("detail");
            assertEquals(owner.id(), detail.path("userId").asText());
            assertEquals(owner.email(), detail.path("email").asText());
            assertEquals("week", detail.path("label").asText());
            assertEquals(week.info().expiresAt().toString(), detail.path("expiresAt").asText());
            assertEquals(5, detail.path("daysLeft").asInt());

            // Fifteen days on: the far token reaches 30 days left, the month token 7; the week token has expired.
            at(now.plus(Duration.ofDays(15))).run();
            at(now.plus(Duration.ofDays(15)).plusSeconds(60)).run();
            assertEquals(Map.of(far.info().id(), List.of(30), month.info().id(), List.of(7)),
                    thresholdsByToken(inbox.drain(), owner));
            assertTrue(List.of(far, never).stream().noneMatch(t -> events.toString().contains(t.info().id())));
        }
    }

    @Test
    void aWarningThatWasNotPutIsTriedAgainByTheNextRun() {
        try (Inbox inbox = new Inbox(ExpiryWarnings.DETAIL_TYPE)) {
            User owner = ChangeEventsTest.user(app);
            IssuedToken soon = app.tokens().create("usr_testadmin", owner.id(), "soon", null,
                    Instant.now().plus(Duration.ofDays(3)));
            Instant then = Instant.now();

            // Earlier tests' tokens are warned already, so the one put of this run is this token's.
            at(then).run();
            inbox.drain();
            IssuedToken later = app.tokens().create("usr_testadmin", owner.id(), "later", null,
                    Instant.now().plus(Duration.ofDays(3)));
            FaultyPutEvents.failNextCall();
            ExpiryWarnings.Run failed = at(then).run();
            assertEquals(new ExpiryWarnings.Run(0, 1), failed);
            assertEquals(Map.of(), thresholdsByToken(inbox.drain(), owner));

            at(then.plusSeconds(1)).run();
            at(then.plusSeconds(2)).run();
            assertEquals(Map.of(later.info().id(), List.of(7)), thresholdsByToken(inbox.drain(), owner));
            assertTrue(soon.info().expiresAt().isAfter(then));
        }
    }

    @Test
    void thresholdsAreWholeDaysWithinAYear() {
        assertEquals(List.of(1, 7, 30), Thresholds.parse(" 30, 7,1,7").days());
        assertEquals(7, Thresholds.parse("30,7,1").reached(5));
        assertEquals(30, Thresholds.parse("30,7,1").reached(30));
        assertEquals(null, Thresholds.parse("30,7,1").reached(31));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("30,x"));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("366"));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.parse(""));
    }
}
