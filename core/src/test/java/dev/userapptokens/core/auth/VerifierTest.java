package dev.userapptokens.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Verification outcomes through the real DynamoDB path, named by outcome. */
class VerifierTest {

    private final MovableClock clock = new MovableClock();
    private DynamoWiring app;

    @BeforeEach
    void setUp() {
        app = LocalStore.app(clock);
    }

    private User user(LoginOption login, RoleAssignment... roles) {
        return app.users().create("usr_test", new NewUser("Ada", "Lovelace",
                "ada+" + System.nanoTime() + "@example.com", login, List.of(roles)));
    }

    private Verification verify(String token) {
        return app.verifier().verify("Bearer " + token);
    }

    private static DenyReason denied(Verification v) {
        return assertInstanceOf(Verification.Denied.class, v).reason();
    }

    @Test
    void authenticatedRightAfterCreation() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1", "ws-2"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "ci", null, null);
        Principal principal = assertInstanceOf(Verification.Authenticated.class, verify(issued.token())).principal();
        assertEquals(user.id(), principal.userId());
        assertEquals(user.email(), principal.email());
        assertEquals(issued.info().id(), principal.tokenId());
        assertEquals("DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2", RoleAssignment.compact(principal.roles()));
    }

    @Test
    void missingAndMalformedAreDeniedWithoutStorage() {
        assertEquals(DenyReason.MISSING, denied(app.verifier().verify(null)));
        assertEquals(DenyReason.MALFORMED, denied(app.verifier().verify("Basic abc")));
        String token = new TokenFormat().generate();
        String badChecksum = token.substring(0, 47) + (token.charAt(47) == '0' ? '1' : '0');
        // A verifier whose storage throws proves no read happens for these.
        Verifier offline = new Verifier(new TokenLookup() {
            public java.util.Optional<StoredToken> find(String hash) {
                throw new AssertionError("read for a malformed token");
            }

            public void recordUse(String hash, java.time.Instant now, java.time.Instant notBefore) {
                throw new AssertionError("write for a malformed token");
            }
        }, clock, Duration.ofMinutes(1));
        assertEquals(DenyReason.MALFORMED, denied(offline.verify("Bearer " + badChecksum)));
        assertEquals(DenyReason.MALFORMED, denied(offline.verify("Bearer " + token.substring(1))));
        assertEquals(DenyReason.MALFORMED, denied(offline.verify("Bearer")));
    }

    @Test
    void unknownWellFormedTokenIsDenied() {
        assertEquals(DenyReason.UNKNOWN, denied(verify(new TokenFormat().generate())));
    }

    @Test
    void revokedOnTheNextCall() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "ci", null, null);
        assertInstanceOf(Verification.Authenticated.class, verify(issued.token()));
        app.tokens().revoke("usr_test", user.id(), issued.info().id());
        assertEquals(DenyReason.UNKNOWN, denied(verify(issued.token())));
    }

    @Test
    void deletedUsersTokensDeniedOnTheNextCall() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        IssuedToken a = app.tokens().create("usr_test", user.id(), "a", null, null);
        IssuedToken b = app.tokens().create("usr_test", user.id(), "b", 30, null);
        app.users().delete("usr_test", user.id());
        assertEquals(DenyReason.UNKNOWN, denied(verify(a.token())));
        assertEquals(DenyReason.UNKNOWN, denied(verify(b.token())));
    }

    @Test
    void expiredAtTheSecondOfExpiryEvenBeforeTtlRemovesIt() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "short", 1, null);
        assertInstanceOf(Verification.Authenticated.class, verify(issued.token()));
        clock.advance(Duration.ofDays(1).minusSeconds(5));
        assertInstanceOf(Verification.Authenticated.class, verify(issued.token()));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(DenyReason.EXPIRED, denied(verify(issued.token())));
    }

    @Test
    void roleChangeTakesEffectOnTheNextCall() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "ci", null, null);
        app.users().update("usr_test", user.id(), new UserPatch(null, null, List.of(RoleAssignment.of("WORKSPACE_VIEWER", "ws-9"))));
        assertEquals(DenyReason.NOT_DEVELOPER, denied(verify(issued.token())));
        app.users().update("usr_test", user.id(), new UserPatch(null, null,
                List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-9"))));
        Principal p = assertInstanceOf(Verification.Authenticated.class, verify(issued.token())).principal();
        assertTrue(app.accessPolicy().allows(p, "GET", "/v1/workspaces/ws-9/things"));
        assertFalse(app.accessPolicy().allows(p, "POST", "/v1/workspaces/ws-9/things"));
    }

    @Test
    void userWithoutDeveloperIsDenied() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("GLOBAL_USER_ADMIN"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "ci", null, null);
        assertEquals(DenyReason.NOT_DEVELOPER, denied(verify(issued.token())));
    }

    @Test
    void interactiveUsersTokenIsDenied() {
        // The API refuses to issue such a token; one planted in storage must still be refused.
        User user = user(LoginOption.INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        String token = new TokenFormat().generate();
        LocalStore.dynamo().client().putItem(p -> p.tableName(LocalStore.tables().tokens()).item(Map.of(
                "tokenHash", AttributeValue.fromS(TokenHash.of(token)),
                "tokenId", AttributeValue.fromS("tok_planted0000000000000"),
                "userId", AttributeValue.fromS(user.id()),
                "email", AttributeValue.fromS(user.email()),
                "loginOption", AttributeValue.fromS("INTERACTIVE"),
                "roles", AttributeValue.fromL(List.of(AttributeValue.fromS("DEVELOPER"))))));
        assertEquals(DenyReason.NOT_NON_INTERACTIVE, denied(verify(token)));
    }

    @Test
    void corruptItemIsDeniedNotAllowed() {
        String token = new TokenFormat().generate();
        LocalStore.dynamo().client().putItem(p -> p.tableName(LocalStore.tables().tokens()).item(Map.of(
                "tokenHash", AttributeValue.fromS(TokenHash.of(token)),
                "roles", AttributeValue.fromS("DEVELOPER"))));
        assertEquals(DenyReason.UNAVAILABLE, denied(verify(token)));
    }

    @Test
    void lastUsedIsWrittenAtMostOncePerInterval() {
        User user = user(LoginOption.NON_INTERACTIVE, RoleAssignment.of("DEVELOPER"));
        IssuedToken issued = app.tokens().create("usr_test", user.id(), "ci", null, null);
        assertNull(app.tokens().list(user.id()).get(0).lastUsedAt());
        verify(issued.token());
        java.time.Instant first = app.tokens().list(user.id()).get(0).lastUsedAt();
        assertNotNull(first);
        clock.advance(Duration.ofSeconds(30));
        verify(issued.token());
        assertEquals(first, app.tokens().list(user.id()).get(0).lastUsedAt());
        clock.advance(Duration.ofSeconds(31));
        verify(issued.token());
        assertEquals(first.plusSeconds(61), app.tokens().list(user.id()).get(0).lastUsedAt());
    }
}
