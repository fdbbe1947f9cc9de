package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.TimedDynamo;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * When the role catalog loads, against the real DynamoDB path: with the first verification of a
 * process, in flight together with its token read; in the background past half its bound; waited
 * for only past the bound; and never served older than the bound.
 */
class RoleCatalogLoadingTest {

    private static final Duration DELAY = TimedDynamo.DELAY;
    private static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final MovableClock clock = new MovableClock();
    private final DynamoWiring setup = LocalStore.app(clock);

    private IssuedToken developerToken() {
        User user = setup.users().create("usr_test", new NewUser("Ada", "Lovelace",
                "ada+" + System.nanoTime() + "@example.com", LoginOption.NON_INTERACTIVE,
                List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"))));
        return setup.tokens().create("usr_test", user.id(), "ci", null, null);
    }

    /** A fresh process's core over the slow client, as a function builds it at start. */
    private DynamoWiring process(TimedDynamo slow, Duration maxAge) {
        return DynamoWiring.builder().dynamoDb(slow).tables(LocalStore.tables()).clock(clock)
                .rolesRefresh(maxAge).build();
    }

    /** What the authorizer decides: the verification, then the access policy. */
    private static boolean allowed(DynamoWiring app, IssuedToken token, String method, String path) {
        Verification v = app.verifier().verify("Bearer " + token.token());
        Principal principal = assertInstanceOf(Verification.Authenticated.class, v).principal();
        return app.accessPolicy().allows(principal, method, path);
    }

    @Test
    void theFirstVerificationSendsTheRolesScanWithItsTokenReadAndPaysOneRoundTrip() {
        IssuedToken token = developerToken();
        TimedDynamo slow = new TimedDynamo();
        DynamoWiring app = process(slow, MAX_AGE);

        long t0 = System.nanoTime();
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
        Duration first = Duration.ofNanos(System.nanoTime() - t0);

        assertEquals(1, slow.count("scan"));
        assertEquals(1, slow.count("getItem"));
        TimedDynamo.Call scan = slow.first("scan");
        TimedDynamo.Call get = slow.first("getItem");
        assertTrue(scan.startNanos() < get.endNanos() && get.startNanos() < scan.endNanos(),
                "the roles Scan and the token GetItem are in flight at once");
        // In series it would be 2 x 400 ms and more; together, one delay plus the engine's own time.
        assertTrue(first.compareTo(DELAY.multipliedBy(3).dividedBy(2)) < 0,
                "first verification took " + first.toMillis() + " ms, one round trip is " + DELAY.toMillis() + " ms");
        System.out.printf("first verification: %d ms with %d ms per round trip%n", first.toMillis(), DELAY.toMillis());
    }

    @Test
    void aMalformedTokenStartsNoLoad() {
        TimedDynamo slow = new TimedDynamo();
        DynamoWiring app = process(slow, MAX_AGE);
        app.verifier().verify("Bearer not-a-token");
        app.roles().settle();
        assertEquals(List.of(), slow.calls);
    }

    @Test
    void pastHalfTheBoundTheCopyIsServedAndReloadedBehindIt() {
        IssuedToken token = developerToken();
        TimedDynamo slow = new TimedDynamo();
        DynamoWiring app = process(slow, MAX_AGE);
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));

        clock.advance(Duration.ofSeconds(4));
        slow.calls.clear();
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
        assertEquals(0, slow.count("scan"), "a copy younger than half the bound is not reloaded");

        clock.advance(Duration.ofSeconds(2)); // 6 s: past half of 10
        slow.calls.clear();
        long t0 = System.nanoTime();
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        app.roles().settle();
        assertEquals(1, slow.count("scan"), "reloaded");
        assertTrue(took.compareTo(DELAY.multipliedBy(3).dividedBy(2)) < 0, "the reload overlapped: " + took.toMillis() + " ms");

        clock.advance(Duration.ofSeconds(5)); // 11 s after the first load, 5 s after the reload
        slow.calls.clear();
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
        assertEquals(0, slow.count("scan"), "the reload's copy is the one served");
    }

    @Test
    void aRoleDefinitionChangeIsNeverServedOlderThanTheBound() {
        IssuedToken token = developerToken();
        TimedDynamo slow = new TimedDynamo();
        slow.delay = Duration.ZERO;
        DynamoWiring app = process(slow, MAX_AGE);
        String table = LocalStore.tables().roles();
        try {
            assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
            // The viewer role loses its grants: stored directly, as an operator (or a later API) would.
            LocalStore.dynamo().client().updateItem(u -> u.tableName(table)
                    .key(Map.of("name", AttributeValue.fromS("WORKSPACE_VIEWER")))
                    .updateExpression("SET #p = :p").expressionAttributeNames(Map.of("#p", "permissions"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromL(List.of(AttributeValue.fromS("GET /v1/nothing"))))));

            clock.advance(Duration.ofSeconds(3));
            assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"), "within half the bound: the cached copy");
            clock.advance(Duration.ofSeconds(8)); // 11 s: past the bound, with no reload in between
            slow.calls.clear();
            assertFalse(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"), "past the bound: the change is seen");
            assertEquals(1, slow.count("scan"));
        } finally {
            DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        }
    }

    @Test
    void rolesThatCannotBeLoadedFailTheDecisionFirstAndPastTheBound() {
        IssuedToken token = developerToken();
        TimedDynamo slow = new TimedDynamo();
        slow.delay = Duration.ZERO;
        slow.scanFails.set(true);
        DynamoWiring app = process(slow, MAX_AGE);
        // The authorizer turns this exception into an UNAVAILABLE deny (its Authorizer.decide).
        assertThrows(IllegalStateException.class, () -> allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));

        slow.scanFails.set(false);
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));

        slow.scanFails.set(true);
        clock.advance(Duration.ofSeconds(6));
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"), "a failed background reload keeps the copy within the bound");
        app.roles().settle();
        long scans = slow.count("scan");
        assertTrue(allowed(app, token, "GET", "/v1/workspaces/ws-1/things"));
        app.roles().settle();
        assertEquals(scans, slow.count("scan"), "within a second of a failed reload, requests start no other");
        clock.advance(Duration.ofSeconds(5));
        assertThrows(IllegalStateException.class, () -> allowed(app, token, "GET", "/v1/workspaces/ws-1/things"),
                "past the bound, a copy that could not be reloaded is not served");
    }

    @Test
    void forgottenAfterARestoreTheNextLookupLoadsAgain() {
        TimedDynamo slow = new TimedDynamo();
        slow.delay = Duration.ZERO;
        DynamoWiring app = process(slow, MAX_AGE);
        assertTrue(app.roles().find("DEVELOPER").isPresent());
        app.roles().forget();
        slow.calls.clear();
        assertTrue(app.roles().find("DEVELOPER").isPresent());
        assertEquals(1, slow.count("scan"));
    }
}
