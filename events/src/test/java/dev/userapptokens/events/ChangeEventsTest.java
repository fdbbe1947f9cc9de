package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Changes made through core reach a queue subscribed to the bus: every audit event once, in
 * order per user, through the real handler driven from the audit table's stream the way the
 * event source mapping drives it; with EventBridge failing part of a batch or a whole call, the
 * reported record is retried and nothing is lost or sent twice.
 */
@QuarkusTest
@QuarkusTestResource(LocalAws.class)
class ChangeEventsTest {

    static final String ADMIN = "usr_testadmin";
    private static final AtomicLong SEQ = new AtomicLong();
    private static final String[] CHANGES = {"UserCreated", "UserUpdated", "UserDeleted", "TokenCreated",
        "TokenRevoked", "TokenRotated", "TokenLeaked", "RoleCreated", "RoleUpdated", "RoleDeleted"};

    @Inject
    DynamoWiring app;

    static User user(DynamoWiring app) {
        return app.users().create(ADMIN, new NewUser("Event", "Tester",
                "events" + SEQ.incrementAndGet() + "." + System.nanoTime() + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of()));
    }

    @Test
    void everyChangeArrivesOnceInOrderPerUserWithEmailAndLabel() {
        try (Inbox inbox = new Inbox(CHANGES); AuditStream stream = new AuditStream()) {
            User alice = user(app);
            IssuedToken ci = app.tokens().create(ADMIN, alice.id(), "ci", null, null);
            IssuedToken deploy = app.tokens().create(ADMIN, alice.id(), "deploy", 30, null);
            app.users().update(ADMIN, alice.id(), new UserPatch("Alicia", null, null));
            app.tokens().revoke(ADMIN, alice.id(), ci.info().id());
            User bob = user(app);
            IssuedToken bobs = app.tokens().create(ADMIN, bob.id(), "bot", null, null);
            app.users().delete(ADMIN, bob.id());

            List<Record> records = stream.newRecords();
            assertEquals(8, records.size());
            assertEquals(1, stream.deliver(records));
            List<JsonNode> events = inbox.drain();

            assertOncePerAuditEvent(events, 8);
            assertInStreamOrder(events, records);
            Map<String, List<String>> byUser = typesByUser(events);
            assertEquals(List.of("UserCreated", "TokenCreated", "TokenCreated", "UserUpdated", "TokenRevoked"),
                    byUser.get(alice.id()));
            assertEquals(List.of("UserCreated", "TokenCreated", "UserDeleted"), byUser.get(bob.id()));

            JsonNode created = events.stream().filter(e -> deploy.info().id().equals(e.path("detail").path("tokenId").asText()))
                    .findFirst().orElseThrow().path("detail");
            assertEquals("user-app-tokens", events.get(0).path("source").asText());
            assertEquals("TOKEN_CREATED", created.path("action").asText());
            assertEquals(ADMIN, created.path("actorUserId").asText());
            assertEquals(alice.email(), created.path("email").asText());
            assertEquals("deploy", created.path("label").asText());
            assertTrue(created.path("eventId").asText().length() > 13, created.toString());
            assertEquals(Instant.parse(created.path("at").asText()).truncatedTo(ChronoUnit.SECONDS),
                    Instant.parse(events.stream().filter(e -> e.path("detail").equals(created)).findFirst().orElseThrow()
                            .path("time").asText()));
            // A user deleted before its events are forwarded is known by id only.
            events.stream().filter(e -> bob.id().equals(e.path("detail").path("targetUserId").asText()))
                    .forEach(e -> assertTrue(e.path("detail").path("email").isNull(), e.toString()));

            String all = events.toString();
            for (IssuedToken issued : List.of(ci, deploy, bobs)) {
                assertFalse(all.contains(issued.token()), "a token reached the bus");
                assertFalse(all.contains(TokenHash.of(issued.token())), "a token hash reached the bus");
            }
        }
    }

    @Test
    void aPartlyThrottledBatchIsRetriedFromTheFirstRefusedRecordAndNothingIsLost() {
        try (Inbox inbox = new Inbox(CHANGES); AuditStream stream = new AuditStream()) {
            User carol = user(app);
            for (int i = 0; i < 11; i++) {
                app.tokens().create(ADMIN, carol.id(), "t" + i, null, null);
            }
            List<Record> records = stream.newRecords();
            assertEquals(12, records.size());

            FaultyPutEvents.throttleFrom(3);
            String retryFrom = stream.invoke(records);
            assertEquals(records.get(3).dynamodb().sequenceNumber(), retryFrom);
            List<JsonNode> inboxBefore = inbox.drain();
            assertEquals(3, inboxBefore.size(), "the refused entries did not reach the bus");

            List<JsonNode> events = new ArrayList<>(inboxBefore);
            assertEquals(1, stream.deliver(records.subList(3, records.size())));
            events.addAll(inbox.drain());
            assertOncePerAuditEvent(events, 12);
            assertInStreamOrder(events, records);
            assertEquals(11, typesByUser(events).get(carol.id()).stream().filter("TokenCreated"::equals).count());
        }
    }

    @Test
    void aFailedCallIsRetriedAndEveryChangeArrivesOnceInOrder() {
        try (Inbox inbox = new Inbox(CHANGES); AuditStream stream = new AuditStream()) {
            User dave = user(app);
            IssuedToken t = app.tokens().create(ADMIN, dave.id(), "one", null, null);
            app.tokens().revoke(ADMIN, dave.id(), t.info().id());
            List<Record> records = stream.newRecords();

            FaultyPutEvents.failNextCall();
            assertEquals(2, stream.deliver(records));
            List<JsonNode> events = inbox.drain();
            assertOncePerAuditEvent(events, 3);
            assertInStreamOrder(events, records);
            assertEquals(List.of("UserCreated", "TokenCreated", "TokenRevoked"), typesByUser(events).get(dave.id()));
        }
    }

    @Test
    void recordsThatAreNotNewAuditItemsAreSkipped() {
        String event = """
                {"Records":[{"eventName":"REMOVE","dynamodb":{"Keys":{"stream":{"S":"audit"}},"SequenceNumber":"1"}},
                            {"eventName":"INSERT","dynamodb":{"NewImage":{"stream":{"S":"x"}},"SequenceNumber":"2"}}]}""";
        assertTrue(Lambda.invoke(event).path("batchItemFailures").isEmpty());
    }

    /**
     * A record whose item cannot be read as written (an 'at' that is no RFC 3339 time, a number in
     * its detail that is no number) is forwarded all the same, and the good records around it go
     * with it: it used to throw, failing the whole batch (the good records too) on every retry.
     */
    @Test
    void aMalformedItemDoesNotFailItsBatch() {
        String seq = "9" + System.nanoTime();
        String event = """
                {"Records":[
                  {"eventName":"INSERT","dynamodb":{"SequenceNumber":"1","NewImage":{"seq":{"S":"%1$s#1"},"action":{"S":"USER_UPDATED"},"at":{"S":"2026-12-03T12:00:00Z"}}}},
                  {"eventName":"INSERT","dynamodb":{"SequenceNumber":"2","NewImage":{"seq":{"S":"%1$s#2"},"action":{"S":"USER_UPDATED"},"at":{"S":"yesterday"}}}},
                  {"eventName":"INSERT","dynamodb":{"SequenceNumber":"3","NewImage":{"seq":{"S":"%1$s#3"},"action":{"S":"USER_UPDATED"},"at":{"S":"2026-12-03T12:00:01Z"},
                     "detail":{"M":{"n":{"N":"not-a-number"},"ok":{"N":"7"}}}}}},
                  {"eventName":"INSERT","dynamodb":{"SequenceNumber":"4","NewImage":{"seq":{"S":"%1$s#4"},"action":{"S":"USER_UPDATED"},"at":{"S":"2026-12-03T12:00:02Z"}}}}]}"""
                .formatted(seq);
        try (Inbox inbox = new Inbox("UserUpdated")) {
            JsonNode answer = Lambda.invoke(event);
            assertTrue(answer.path("batchItemFailures").isEmpty(), answer.toString());
            List<String> ids = inbox.drain().stream().map(e -> e.path("detail").path("eventId").asText())
                    .filter(id -> id.startsWith(seq)).toList();
            assertEquals(List.of(seq + "#1", seq + "#2", seq + "#3", seq + "#4"), ids);
        }
    }

    static void assertOncePerAuditEvent(List<JsonNode> events, int expected) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> assertTrue(ids.add(e.path("detail").path("eventId").asText()), "twice: " + e));
        assertEquals(expected, events.size(), events.toString());
    }

    /** Per user, the events arrived in the order of their audit items on the stream. */
    static void assertInStreamOrder(List<JsonNode> events, List<Record> records) {
        Map<String, List<String>> arrived = new LinkedHashMap<>();
        events.forEach(e -> arrived.computeIfAbsent(e.path("detail").path("targetUserId").asText(), u -> new ArrayList<>())
                .add(e.path("detail").path("eventId").asText()));
        Map<String, List<String>> written = new LinkedHashMap<>();
        records.forEach(r -> written.computeIfAbsent(r.dynamodb().newImage().get("targetUserId").s(), u -> new ArrayList<>())
                .add(r.dynamodb().newImage().get("seq").s()));
        assertEquals(written, arrived);
    }

    /** Detail-types per target user, in arrival order. */
    static Map<String, List<String>> typesByUser(List<JsonNode> events) {
        Map<String, List<String>> types = new LinkedHashMap<>();
        events.forEach(e -> types.computeIfAbsent(e.path("detail").path("targetUserId").asText(), u -> new ArrayList<>())
                .add(e.path("detail-type").asText()));
        return types;
    }
}
