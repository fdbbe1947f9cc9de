package dev.userapptokens.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.tokens.TokenPolicy;
import dev.userapptokens.core.users.InMemoryStore;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;

/** Every outcome of {@link Verifier} on in-memory storage: plain JUnit, no engine. */
class VerifierOutcomesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final InMemoryStore store = new InMemoryStore(Cursors.none()); // no paging here
    private final Verifier verifier = new Verifier(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));

    /** Stores a token whose owner and expiry are as given; its header. */
    private String stored(LoginOption login, String roles, Instant expiresAt, Instant lastUsedAt) {
        String token = new TokenFormat().generate();
        store.putToken(TokenHash.of(token), new StoredToken("tok_1", "usr_1", "a@example.com", login,
                roles.isEmpty() ? List.of() : RoleAssignment.fromCompact(List.of(roles.split(","))),
                expiresAt, lastUsedAt, NOW.minus(Duration.ofDays(10))));
        return "Bearer " + token;
    }

    private static Object outcome(Verification v) {
        return v instanceof Verification.Denied d ? d.reason() : "AUTHENTICATED";
    }

    @ParameterizedTest(name = "{0} {1} expires {2} -> {3}")
    @CsvSource(nullValues = "NULL", value = {
            "NON_INTERACTIVE, DEVELOPER,                         NULL,                 AUTHENTICATED",
            "NON_INTERACTIVE, DEVELOPER,                         2026-06-01T12:00:01Z, AUTHENTICATED",
            "NON_INTERACTIVE, DEVELOPER,                         2026-06-01T12:00:00Z, EXPIRED", // expiry is exclusive
            "NON_INTERACTIVE, DEVELOPER,                         2026-01-01T00:00:00Z, EXPIRED",
            "INTERACTIVE,     DEVELOPER,                         NULL,                 NOT_NON_INTERACTIVE",
            "NON_INTERACTIVE, GLOBAL_USER_ADMIN,                 NULL,                 NOT_DEVELOPER",
            "NON_INTERACTIVE, '',                                NULL,                 NOT_DEVELOPER",
            "NON_INTERACTIVE, 'WORKSPACE_VIEWER:ws-1,DEVELOPER', NULL,                 AUTHENTICATED",
            "INTERACTIVE,     GLOBAL_USER_ADMIN,                 2026-01-01T00:00:00Z, EXPIRED", // expiry is checked first
    })
    void storedTokens(LoginOption login, String roles, Instant expiresAt, String expected) {
        assertEquals(expected, outcome(verifier.verify(stored(login, roles, expiresAt, null))).toString());
    }

    /** The lifetime policy's maximum, on use: the stored token was created ten days before NOW and never expires. */
    @ParameterizedTest(name = "maximum {0} days -> {1}")
    @CsvSource({"0, AUTHENTICATED", "30, AUTHENTICATED", "11, AUTHENTICATED", "10, EXPIRED", "7, EXPIRED"})
    void tokensOlderThanThePolicysMaximumAreExpired(int maxDays, String expected) {
        Verifier governed = new Verifier(store, null, new TokenPolicy(maxDays, null), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(1));
        assertEquals(expected, outcome(governed.verify(stored(LoginOption.NON_INTERACTIVE, "DEVELOPER", null, null))).toString());
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL, MISSING",
            "'', MALFORMED",
            "Bearer, MALFORMED",
            "Basic dXNlcjpwYXNz, MALFORMED",
            "Bearer uat_short, MALFORMED",
            "Bearer uat_00000000000000000000000000000000000000000000, MALFORMED", // checksum wrong
    })
    void headersThatNeedNoRead(String header, DenyReason expected) {
        assertEquals(expected, outcome(verifier.verify(header)));
    }

    @Test
    void aWellFormedTokenNotStoredIsUnknown() {
        assertEquals(DenyReason.UNKNOWN, outcome(verifier.verify("Bearer " + new TokenFormat().generate())));
    }

    @Test
    void storageFailureIsUnavailableNeverAnException() {
        Verifier broken = new Verifier(new TokenLookup() {
            public Optional<StoredToken> find(String tokenHash) {
                throw new IllegalStateException("storage down");
            }

            public void recordUse(String tokenHash, Instant now, Instant notBefore) {
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        assertEquals(DenyReason.UNAVAILABLE, outcome(broken.verify("Bearer " + new TokenFormat().generate())));
    }

    @Test
    void aFailedLastUsedWriteStillAuthenticates() {
        String header = stored(LoginOption.NON_INTERACTIVE, "DEVELOPER", null, null);
        Verifier bookkeepingDown = new Verifier(new TokenLookup() {
            public Optional<StoredToken> find(String tokenHash) {
                return store.find(tokenHash);
            }

            public void recordUse(String tokenHash, Instant now, Instant notBefore) {
                throw new IllegalStateException("write throttled");
            }
        }, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        assertInstanceOf(Verification.Authenticated.class, bookkeepingDown.verify(header));
    }

    @ParameterizedTest(name = "last used {0} -> recorded {1}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,                 2026-06-01T12:00:00Z",
            "2026-06-01T11:58:59Z, 2026-06-01T12:00:00Z", // older than the interval: written again
            "2026-06-01T11:59:30Z, 2026-06-01T11:59:30Z", // within it: left alone
    })
    void lastUseIsRecordedAtMostOncePerInterval(Instant lastUsed, Instant expected) {
        String header = stored(LoginOption.NON_INTERACTIVE, "DEVELOPER", null, lastUsed);
        assertInstanceOf(Verification.Authenticated.class, verifier.verify(header));
        assertEquals(expected, store.find(TokenHash.of(header.substring(7))).orElseThrow().lastUsedAt());
    }

    @Test
    void thePrincipalIsTheStoredOwner() {
        String header = stored(LoginOption.NON_INTERACTIVE, "DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2", null, null);
        Principal p = ((Verification.Authenticated) verifier.verify(header)).principal();
        assertEquals("usr_1", p.userId());
        assertEquals("tok_1", p.tokenId());
        assertEquals("a@example.com", p.email());
        assertEquals("DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2", RoleAssignment.compact(p.roles()));
    }
}
