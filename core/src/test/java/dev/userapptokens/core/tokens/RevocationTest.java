package dev.userapptokens.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.Ids;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.AuditLog;
import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.StoredToken;
import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.tokens.Revocation.Leak;
import dev.userapptokens.core.tokens.Revocation.LeakOutcome;
import dev.userapptokens.core.users.InMemoryRoles;
import dev.userapptokens.core.users.InMemoryStore;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserStore;
import dev.userapptokens.core.users.Users;

/** Revoking by value and leak reports, on in-memory storage ({@link RevocationOnDynamoTest}: on DynamoDB). */
class RevocationTest {

    static final String CURSOR_KEY = "test-only-cursor-key-not-for-production-0123456789";
    static final TokenPolicy POLICY = new TokenPolicy(30, null);

    /** The services over one store; {@code lookup} is what revocation reads through. */
    record World(Users users, Tokens tokens, Verifier verifier, AuditLog audit, UserStore store, TokenLookup lookup) {
    }

    World world(MovableClock clock) {
        InMemoryStore store = new InMemoryStore(Cursors.withSecret(CURSOR_KEY));
        Ids ids = new Ids();
        Users users = new Users(store, InMemoryRoles.builtIn(), ids, clock);
        return new World(users, new Tokens(users, store, new TokenFormat(), ids, POLICY, clock),
                new Verifier(store, null, POLICY, clock, Verifier.LAST_USED_INTERVAL), store, store, store);
    }

    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final World world = world(clock);
    /** Counts reads, and runs {@link #beforeRead} (once) when a read has been made: a concurrent change. */
    private final AtomicInteger reads = new AtomicInteger();
    private Runnable beforeRead;
    private final TokenLookup counting = new TokenLookup() {
        @Override
        public Optional<StoredToken> find(String tokenHash) {
            reads.incrementAndGet();
            Optional<StoredToken> found = world.lookup().find(tokenHash);
            Runnable hook = beforeRead;
            beforeRead = null;
            if (hook != null) {
                hook.run();
            }
            return found;
        }

        @Override
        public void recordUse(String tokenHash, Instant now, Instant notBefore) {
            world.lookup().recordUse(tokenHash, now, notBefore);
        }
    };
    private final Revocation revocation = new Revocation(counting, world.store(), POLICY, clock);

    private User developer() {
        return world.users().create("usr_admin", new NewUser("Ada", "Lovelace", "ada+" + System.nanoTime() + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of(RoleAssignment.of("DEVELOPER"))));
    }

    private IssuedToken issue(User user, String label, Integer days) {
        return world.tokens().create("usr_admin", user.id(), label, days, null);
    }

    private boolean works(IssuedToken token) {
        return world.verifier().verify("Bearer " + token.token()) instanceof Verification.Authenticated;
    }

    private List<AuditEvent> events() {
        return world.audit().list("100", null).items();
    }

    /** The events written since {@code before} was taken: events of one instant have no defined order. */
    private List<AuditEvent> since(List<AuditEvent> before) {
        List<AuditEvent> added = new ArrayList<>(events());
        before.forEach(added::remove);
        return added;
    }

    private static RejectedException.Kind rejection(Runnable call) {
        return assertThrows(RejectedException.class, call::run).kind();
    }

    @Test
    void revokeByValueAnswersIdUserAndLabelAndTheTokenFailsAtOnce() {
        User user = developer();
        IssuedToken token = issue(user, "ci pipeline", null);
        List<AuditEvent> before = events();
        assertEquals(new Revocation.Revoked(token.info().id(), user.id(), "ci pipeline"),
                revocation.revoke("usr_admin", token.token()));
        assertEquals(new Verification.Denied(DenyReason.UNKNOWN), world.verifier().verify("Bearer " + token.token()));
        List<AuditEvent> events = since(before);
        assertEquals(1, events.size());
        AuditEvent event = events.get(0);
        assertEquals(new AuditEvent(event.at(), "usr_admin", AuditAction.TOKEN_REVOKED, user.id(), token.info().id()), event);
        assertTrue(world.tokens().list(user.id()).isEmpty(), "gone from the owner's list too");
    }

    @Test
    void aRevokedUnknownOrMalformedTokenIsNotFoundAndChangesNothing() {
        User user = developer();
        IssuedToken token = issue(user, "ci", null);
        revocation.revoke("usr_admin", token.token());
        int before = events().size();
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> revocation.revoke("usr_admin", token.token())));
        assertEquals(RejectedException.Kind.NOT_FOUND,
                rejection(() -> revocation.revoke("usr_admin", new TokenFormat().generate())), "never issued");
        int readsBefore = reads.get();
        String typo = token.token().substring(0, 47) + (token.token().charAt(47) == 'a' ? 'b' : 'a');
        for (String malformed : new String[] {null, "", "uat_short", typo, token.token() + "x", " " + token.token()}) {
            assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> revocation.revoke("usr_admin", malformed)));
        }
        assertEquals(readsBefore, reads.get(), "a malformed token is refused without a read");
        assertEquals(before, events().size());
    }

    @Test
    void anExpiredTokenOrOneOlderThanThePolicyIsNotActive() {
        User user = developer();
        IssuedToken shortLived = issue(user, "a day", 1);
        clock.advance(Duration.ofDays(1));
        assertFalse(works(shortLived));
        int before = events().size();
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> revocation.revoke("usr_admin", shortLived.token())));
        assertEquals(before, events().size());

        IssuedToken old = issue(user, "old", 30);
        clock.advance(Duration.ofDays(30));
        before = events().size();
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> revocation.revoke("usr_admin", old.token())));
        List<LeakOutcome> outcomes = revocation.revokeLeaked(List.of(new Leak(old.token(), "t", "u", "s")));
        assertFalse(outcomes.get(0).wasRevoked());
        assertEquals(before, events().size());
    }

    @Test
    void aRevokeThatLosesToAConcurrentRevokeIsNotFound() {
        User user = developer();
        IssuedToken token = issue(user, "ci", null);
        beforeRead = () -> world.tokens().revoke("usr_other", user.id(), token.info().id());
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> revocation.revoke("usr_admin", token.token())));
        assertEquals(1, events().stream().filter(e -> e.action() == AuditAction.TOKEN_REVOKED).count(),
                "only the concurrent revoke's event");

        // A leak report's write is conditioned on the index entry the concurrent revoke removed: it
        // loses, reads again, and finds nothing left to revoke.
        IssuedToken leaked = issue(user, "leaked", null);
        beforeRead = () -> world.tokens().revoke("usr_other", user.id(), leaked.info().id());
        int readsBefore = reads.get();
        assertFalse(revocation.revokeLeaked(List.of(new Leak(leaked.token(), "t", "u", "s"))).get(0).wasRevoked());
        assertEquals(2, reads.get() - readsBefore, "read again after losing the race");
        assertEquals(0, events().stream().filter(e -> e.action() == AuditAction.TOKEN_LEAKED).count());
    }

    @Test
    void aLeakReportRevokesEachActiveTokenWithOneLeakEventWithoutActor() {
        User user = developer();
        IssuedToken first = issue(user, "one", null);
        IssuedToken second = issue(user, "two", 10);
        IssuedToken untouched = issue(user, "three", null);
        IssuedToken revoked = issue(user, "revoked", null);
        world.tokens().revoke("usr_admin", user.id(), revoked.info().id());
        List<AuditEvent> before = events();
        List<Leak> report = List.of(
                new Leak(first.token(), "user_app_token", "https://github.com/o/r/blob/abc/ci.yml", "content"),
                new Leak("uat_not-even-close", "user_app_token", "https://github.com/o/r", "commit"),
                new Leak(revoked.token(), "user_app_token", "https://github.com/o/r", "commit"),
                new Leak(second.token(), "user_app_token", "https://gist.github.com/x", null),
                new Leak(first.token(), "user_app_token", "https://github.com/o/r/issues/1", "issue"));
        List<LeakOutcome> outcomes = revocation.revokeLeaked(report);
        assertEquals(List.of(true, false, false, true, false), outcomes.stream().map(LeakOutcome::wasRevoked).toList(),
                "a token reported twice is revoked once");
        assertEquals(report, outcomes.stream().map(LeakOutcome::leak).toList());
        assertEquals(new Revocation.Revoked(first.info().id(), user.id(), null), outcomes.get(0).revoked());
        assertFalse(works(first));
        assertFalse(works(second));
        assertTrue(works(untouched));

        List<AuditEvent> events = since(before);
        assertEquals(2, events.size());
        Map<String, AuditEvent> byToken = new HashMap<>();
        events.forEach(e -> byToken.put(e.tokenId(), e));
        AuditEvent leak = byToken.get(first.info().id());
        assertEquals(new AuditEvent(leak.at(), null, AuditAction.TOKEN_LEAKED, user.id(), first.info().id(), null,
                Map.of("url", "https://github.com/o/r/blob/abc/ci.yml", "source", "content")), leak);
        assertEquals(Map.of("url", "https://gist.github.com/x"), byToken.get(second.info().id()).detail(),
                "an absent source is left out");
    }

    @Test
    void aReportTooLongOrWithoutATokenRevokesNothing() {
        User user = developer();
        IssuedToken token = issue(user, "ci", null);
        int before = events().size();
        List<Leak> tooLong = new ArrayList<>();
        tooLong.add(new Leak(token.token(), "t", "u", "s"));
        for (int i = 0; i < Revocation.MAX_REPORT_ENTRIES; i++) {
            tooLong.add(new Leak("uat_" + i, "t", "u", "s"));
        }
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> revocation.revokeLeaked(tooLong)));
        List<Leak> missing = new ArrayList<>(List.of(new Leak(token.token(), "t", "u", "s")));
        missing.add(new Leak(null, "t", "u", "s"));
        RejectedException e = assertThrows(RejectedException.class, () -> revocation.revokeLeaked(missing));
        assertEquals("[1].token: is required", e.getMessage());
        missing.set(1, null);
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> revocation.revokeLeaked(missing)));
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> revocation.revokeLeaked(null)));
        assertTrue(works(token));
        assertEquals(before, events().size());
        assertTrue(revocation.revokeLeaked(List.of()).isEmpty());
        assertEquals(1000, revocation.revokeLeaked(tooLong.subList(0, 1000)).size(), "exactly the maximum is fine");
        assertFalse(works(token));
    }

    @Test
    void theReportedUrlAndSourceAreKeptAsEvidenceNotJudged() {
        Map<String, String> detail = new HashMap<>();
        Revocation.putDetail(detail, "url", "https://x/\n\u202Eevil\u0000\uD83D\uDE00");
        Revocation.putDetail(detail, "source", "   ");
        assertEquals(Map.of("url", "https://x/??evil?\uD83D\uDE00"), detail);
        Revocation.putDetail(detail, "url", "h".repeat(5000));
        assertEquals(Revocation.MAX_DETAIL_LENGTH, detail.get("url").length());
        Revocation.putDetail(detail, "url", "\uD800 lone");
        assertEquals("? lone", detail.get("url"));
    }

    @Test
    void theLeakDoesNotShowItsTokenWhenPrinted() {
        String token = new TokenFormat().generate();
        assertFalse(new Leak(token, "t", "u", "s").toString().contains(token));
        assertNull(new LeakOutcome(new Leak(token, "t", "u", "s"), null).revoked());
    }

    @Test
    void theHexHashIsGitHubsSha256() {
        // SHA-256("abc"), the FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenHash.hex("abc"));
    }

    @Test
    void aTokenOfAnotherUserIsRevokedAsWell() {
        User one = developer();
        User two = developer();
        IssuedToken a = issue(one, "a", null);
        IssuedToken b = issue(two, "b", null);
        assertEquals(two.id(), revocation.revoke("usr_admin", b.token()).userId());
        assertTrue(works(a));
        assertInstanceOf(Verification.Denied.class, world.verifier().verify("Bearer " + b.token()));
    }
}
