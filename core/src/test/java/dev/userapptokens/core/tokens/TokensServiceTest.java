package dev.userapptokens.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.userapptokens.core.Ids;
import dev.userapptokens.core.Services;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.Users;

/** The token rules of {@link Tokens} on in-memory storage: plain JUnit, no engine. */
class TokensServiceTest {

    /** What the tests run on; {@link TokensServiceOnDynamoTest} runs them on DynamoDB. */
    Services services(MovableClock clock) {
        return Services.inMemory(clock);
    }

    // whole seconds: DynamoDB keeps lastUsedAt in epoch seconds
    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Services services = services(clock);
    private final Users users = services.users();
    private final Tokens tokens = services.tokens();
    private final Verifier verifier = services.verifier();

    private List<AuditAction> events() {
        return services.audit().list(null, null).items().stream().map(e -> e.action()).toList();
    }

    private User user(LoginOption login) {
        return users.create("usr_admin", new NewUser("Ada", "Lovelace", "ada+" + System.nanoTime() + "@example.com",
                login, List.of(RoleAssignment.of("DEVELOPER"))));
    }

    private Verification verify(IssuedToken issued) {
        return verifier.verify("Bearer " + issued.token());
    }

    private static RejectedException.Kind rejection(Runnable call) {
        return assertThrows(RejectedException.class, call::run).kind();
    }

    @Test
    void anIssuedTokenAuthenticatesAtOnceAndARevokedOneNeverAgain() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken issued = tokens.create("usr_admin", user.id(), "ci", null, null);
        assertTrue(issued.info().id().startsWith(Ids.TOKEN_PREFIX));
        assertInstanceOf(Verification.Authenticated.class, verify(issued));
        tokens.revoke("usr_admin", user.id(), issued.info().id());
        assertEquals(new Verification.Denied(DenyReason.UNKNOWN), verify(issued));
        assertEquals(RejectedException.Kind.NOT_FOUND,
                rejection(() -> tokens.revoke("usr_admin", user.id(), issued.info().id())), "revoked twice");
        // one instant for all three: their order within it is not defined
        assertEquals(Set.of(AuditAction.TOKEN_REVOKED, AuditAction.TOKEN_CREATED, AuditAction.USER_CREATED),
                Set.copyOf(events()));
        assertEquals(3, events().size());
    }

    @Test
    void onlyNonInteractiveUsersGetTokens() {
        User interactive = user(LoginOption.INTERACTIVE);
        assertEquals(RejectedException.Kind.CONFLICT,
                rejection(() -> tokens.create("usr_admin", interactive.id(), "ci", null, null)));
        assertEquals(List.of(), tokens.list(interactive.id()));
    }

    @ParameterizedTest(name = "user {0}, token {1}")
    @CsvSource(nullValues = "NULL", value = {
            "usr_00000000000000000000, tok_00000000000000000000", // no such user
            "NULL, tok_00000000000000000000",
            "not-an-id, tok_00000000000000000000",
            "OWNER, tok_00000000000000000000", // no such token of this user
            "OWNER, NULL",
            "OWNER, not-a-token-id",
            "OWNER, OTHER", // another user's token
    })
    void unknownUsersAndTokensAreNotFound(String userId, String tokenId) {
        User owner = user(LoginOption.NON_INTERACTIVE);
        IssuedToken others = tokens.create("usr_admin", user(LoginOption.NON_INTERACTIVE).id(), "x", null, null);
        String u = "OWNER".equals(userId) ? owner.id() : userId;
        String t = "OTHER".equals(tokenId) ? others.info().id() : tokenId;
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> tokens.revoke("usr_admin", u, t)));
        assertInstanceOf(Verification.Authenticated.class, verify(others));
    }

    @Test
    void fiftyActiveTokensAtMostAndExpiredOnesDoNotCount() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken shortLived = tokens.create("usr_admin", user.id(), "short", 1, null);
        for (int i = 1; i < Tokens.MAX_ACTIVE_PER_USER; i++) {
            tokens.create("usr_admin", user.id(), "t" + i, null, null);
        }
        assertEquals(RejectedException.Kind.CONFLICT,
                rejection(() -> tokens.create("usr_admin", user.id(), "one too many", null, null)));
        clock.advance(Duration.ofDays(1));
        assertEquals(new Verification.Denied(DenyReason.EXPIRED), verify(shortLived));
        tokens.create("usr_admin", user.id(), "replaces the expired one", null, null);
        assertEquals(Tokens.MAX_ACTIVE_PER_USER, users.load(user.id()).orElseThrow().tokens().size(),
                "the expired entry is pruned from the index");
    }

    @Test
    void theListIsOldestFirstWithLastUseAndNeverTheSecret() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken first = tokens.create("usr_admin", user.id(), "first", null, null);
        clock.advance(Duration.ofSeconds(1));
        IssuedToken second = tokens.create("usr_admin", user.id(), "second", 30, null);
        verify(second);
        List<TokenInfo> listed = tokens.list(user.id());
        assertEquals(List.of(first.info().id(), second.info().id()), listed.stream().map(TokenInfo::id).toList());
        assertNull(listed.get(0).lastUsedAt());
        assertEquals(clock.instant(), listed.get(1).lastUsedAt());
        assertEquals(second.info().expiresAt(), listed.get(1).expiresAt());
    }

    @Test
    void badLabelsAndExpiriesChangeNothing() {
        User user = user(LoginOption.NON_INTERACTIVE);
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.create("usr_admin", user.id(), "x".repeat(101), null, null)));
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.create("usr_admin", user.id(), "ok", 0, null)));
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.create("usr_admin", user.id(), "ok", null, Instant.EPOCH)));
        assertEquals(List.of(), tokens.list(user.id()));
        assertEquals(List.of(AuditAction.USER_CREATED), events(), "only the user's creation was recorded");
    }

    @Test
    void aTokenKeepsItsOwnPermissionsAndVerificationCarriesThem() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken narrowed = tokens.create("usr_admin", user.id(), "reader", null, null,
                List.of("GET /v1/orders/**", "GET /v1/me"));
        clock.advance(Duration.ofSeconds(1)); // the list is oldest first
        IssuedToken full = tokens.create("usr_admin", user.id(), "full", null, null, null);
        List<Permission> expected = List.of(Permission.parse("GET /v1/orders/**"), Permission.parse("GET /v1/me"));
        assertEquals(expected, narrowed.info().permissions());
        assertEquals(expected, ((Verification.Authenticated) verify(narrowed)).principal().tokenPermissions());
        assertNull(((Verification.Authenticated) verify(full)).principal().tokenPermissions());
        List<TokenInfo> listed = tokens.list(user.id());
        assertEquals(expected, listed.get(0).permissions());
        assertNull(listed.get(1).permissions());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "GET /v1/orders/**|GET /v1/orders/**", // twice
            "GET v1/orders", // not a path
            "FETCH /v1/orders", // not a method
            "GET /v1/orders/**/x", // '**' only at the end
            "''", // an empty list
    })
    void badTokenPermissionsChangeNothing(String permissions) {
        User user = user(LoginOption.NON_INTERACTIVE);
        List<String> list = permissions.isEmpty() ? List.of() : List.of(permissions.split("\\|"));
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.create("usr_admin", user.id(), "bad", null, null, list)));
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> tokens.create("usr_admin", user.id(), "bad",
                null, null, java.util.Collections.nCopies(51, "GET /v1/me"))), "more than 50");
        assertEquals(List.of(), tokens.list(user.id()));
        assertEquals(List.of(AuditAction.USER_CREATED), events());
    }

    @Test
    void rotationWithoutOverlapReplacesTheTokenAtOnceKeepingLabelAndPermissions() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken old = tokens.create("usr_admin", user.id(), "deploy bot", 30, null, List.of("GET /v1/me"));
        clock.advance(Duration.ofDays(10));
        IssuedToken rotated = tokens.rotate("usr_admin", user.id(), old.info().id(), null, null, null);
        assertEquals(new Verification.Denied(DenyReason.UNKNOWN), verify(old));
        assertInstanceOf(Verification.Authenticated.class, verify(rotated));
        assertEquals("deploy bot", rotated.info().label());
        assertEquals(old.info().permissions(), rotated.info().permissions());
        assertEquals(old.info().id(), rotated.info().rotatedFrom());
        assertEquals(clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(30)), rotated.info().expiresAt(),
                "the old token's lifetime, counted from now");
        List<TokenInfo> listed = tokens.list(user.id());
        assertEquals(List.of(rotated.info().id()), listed.stream().map(TokenInfo::id).toList());
        assertEquals(old.info().id(), listed.get(0).rotatedFrom());
        var event = services.audit().list(null, null).items().get(0);
        assertEquals(AuditAction.TOKEN_ROTATED, event.action());
        assertEquals(rotated.info().id(), event.tokenId());
        assertEquals(java.util.Map.of("rotatedFrom", old.info().id()), event.detail());
        assertEquals(3, events().size(), "one event for the rotation");
        assertEquals(RejectedException.Kind.NOT_FOUND,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), null, null, null)));
    }

    @Test
    void duringItsOverlapTheOldTokenWorksAndCannotBeRotatedAgainThenItStops() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken old = tokens.create("usr_admin", user.id(), "ci", null, null);
        IssuedToken rotated = tokens.rotate("usr_admin", user.id(), old.info().id(), 3600, 7, null);
        assertEquals(clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(7)), rotated.info().expiresAt());
        assertInstanceOf(Verification.Authenticated.class, verify(old));
        assertInstanceOf(Verification.Authenticated.class, verify(rotated));
        TokenInfo listedOld = tokens.list(user.id()).stream().filter(t -> t.id().equals(old.info().id())).findFirst()
                .orElseThrow();
        assertEquals(clock.instant().plusSeconds(3600), listedOld.expiresAt(), "the old token's listed expiry is its stop");
        assertEquals(RejectedException.Kind.CONFLICT,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), null, null, null)));
        clock.advance(Duration.ofSeconds(3599));
        assertInstanceOf(Verification.Authenticated.class, verify(old));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Verification.Denied(DenyReason.EXPIRED), verify(old));
        assertInstanceOf(Verification.Authenticated.class, verify(rotated));
        assertEquals(RejectedException.Kind.NOT_FOUND,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), null, null, null)));
        // the successor rotates as any token does
        IssuedToken again = tokens.rotate("usr_admin", user.id(), rotated.info().id(), null, null, null);
        assertEquals(rotated.info().id(), again.info().rotatedFrom());
        assertEquals(new Verification.Denied(DenyReason.UNKNOWN), verify(rotated));
    }

    @Test
    void anOverlapNeverOutlivesTheOldTokensOwnExpiry() {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken old = tokens.create("usr_admin", user.id(), "ci", 1, null);
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        tokens.rotate("usr_admin", user.id(), old.info().id(), 86_400, null, null);
        clock.advance(Duration.ofMinutes(30));
        assertEquals(new Verification.Denied(DenyReason.EXPIRED), verify(old));
    }

    @ParameterizedTest(name = "overlap {0}")
    @CsvSource({"-1", "86401", "2147483647"})
    void badOverlapsAndExpiriesChangeNothing(int overlap) {
        User user = user(LoginOption.NON_INTERACTIVE);
        IssuedToken old = tokens.create("usr_admin", user.id(), "ci", null, null);
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), overlap, null, null)));
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), null, 0, null)));
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> tokens.rotate("usr_admin", user.id(), old.info().id(), null, null, Instant.EPOCH)));
        assertEquals(List.of(old.info().id()), tokens.list(user.id()).stream().map(TokenInfo::id).toList());
        assertInstanceOf(Verification.Authenticated.class, verify(old));
        assertEquals(2, events().size());
    }

    @Test
    void rotatingUnknownOrAnotherUsersTokenIsNotFound() {
        User owner = user(LoginOption.NON_INTERACTIVE);
        IssuedToken others = tokens.create("usr_admin", user(LoginOption.NON_INTERACTIVE).id(), "x", null, null);
        for (String tokenId : new String[] {others.info().id(), "tok_00000000000000000000", "nonsense", null}) {
            assertEquals(RejectedException.Kind.NOT_FOUND,
                    rejection(() -> tokens.rotate("usr_admin", owner.id(), tokenId, null, null, null)), tokenId);
        }
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> tokens.rotate("usr_admin",
                "usr_00000000000000000000", others.info().id(), null, null, null)));
        assertInstanceOf(Verification.Authenticated.class, verify(others));
    }
}
