package dev.userapptokens.core.tokens;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Text;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.auth.StoredToken;
import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.core.users.UserStore;

/**
 * Revoking a token by its value rather than by its owner and id: an admin who found it in a log
 * or a paste ({@link #revoke}), and a secret scanning report of tokens found in public code
 * ({@link #revokeLeaked}). A token is found the way verification finds it (its format offline,
 * then one strongly consistent read by its SHA-256) and counts as active exactly when
 * verification would still take it on age: not revoked, not expired, not older than the
 * policy's maximum lifetime. Revoking is the same write as {@link Tokens#revoke}: the token item,
 * its owner's index entry and the event, in one transaction.
 */
public final class Revocation {

    /** Entries of one leak report at most (API.md: up to 1,000). */
    public static final int MAX_REPORT_ENTRIES = 1000;
    /** Longest {@code url} / {@code source} kept in a TOKEN_LEAKED event's detail; longer ones are cut. */
    static final int MAX_DETAIL_LENGTH = 2048;

    /** What a revoke answers: never the token, never its hash. */
    public record Revoked(String id, String userId, String label) {
    }

    /** One entry of a leak report, as sent: the token, its type, where it was found and in what. */
    public record Leak(String token, String type, String url, String source) {

        @Override
        public String toString() {
            return "Leak[token=<redacted>, type=" + type + ", url=" + url + ", source=" + source + "]";
        }
    }

    /** A report entry and what became of it: {@code revoked} null when the token was not active. */
    public record LeakOutcome(Leak leak, Revoked revoked) {

        public boolean wasRevoked() {
            return revoked != null;
        }
    }

    private final TokenLookup lookup;
    private final UserStore store;
    private final TokenPolicy policy;
    private final Clock clock;

    public Revocation(TokenLookup lookup, UserStore store, TokenPolicy policy, Clock clock) {
        this.lookup = lookup;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Revokes the token {@code token} (one TOKEN_REVOKED event by {@code actorUserId}). A 404 when it
     * is not an active token, malformed ones included, so the answer never tells a revoked token
     * from one that never existed.
     */
    public Revoked revoke(String actorUserId, String token) {
        if (!TokenFormat.isWellFormed(token)) {
            throw RejectedException.notFound("token");
        }
        String hash = TokenHash.of(token);
        return Transactions.untilCommitted("token", () -> {
            Instant now = now();
            StoredToken found = active(hash, now).orElseThrow(() -> RejectedException.notFound("token"));
            // The label is not on verification's lean projection: the admin path reads it on its own.
            String label = store.token(hash).map(TokenInfo::label).orElseThrow(() -> RejectedException.notFound("token"));
            store.removeToken(found.userId(), found.tokenId(), hash,
                    new AuditEvent(now, actorUserId, AuditAction.TOKEN_REVOKED, found.userId(), found.tokenId()));
            return new Revoked(found.tokenId(), found.userId(), label);
        });
    }

    /**
     * Revokes every active token of a leak report, each with one TOKEN_LEAKED event without an
     * actor (detail {@code url} and {@code source} as reported). The report is checked whole
     * before anything changes: more than {@link #MAX_REPORT_ENTRIES} entries, or an entry without
     * a token, is a 400 that revokes nothing. One outcome per entry, in order; a token reported
     * twice is revoked once.
     */
    public List<LeakOutcome> revokeLeaked(List<Leak> report) {
        if (report == null) {
            throw RejectedException.invalid("body", "must be a JSON array of reported tokens");
        }
        if (report.size() > MAX_REPORT_ENTRIES) {
            throw RejectedException.invalid("body", "at most " + MAX_REPORT_ENTRIES + " entries");
        }
        for (int i = 0; i < report.size(); i++) {
            if (report.get(i) == null || report.get(i).token() == null) {
                throw RejectedException.invalid("[" + i + "].token", "is required");
            }
        }
        List<LeakOutcome> outcomes = new ArrayList<>(report.size());
        for (Leak leak : report) {
            outcomes.add(new LeakOutcome(leak, revokeLeaked(leak)));
        }
        return outcomes;
    }

    private Revoked revokeLeaked(Leak leak) {
        if (!TokenFormat.isWellFormed(leak.token())) {
            return null; // not one of ours (or mistyped): no read
        }
        String hash = TokenHash.of(leak.token());
        Map<String, String> detail = new LinkedHashMap<>();
        putDetail(detail, "url", leak.url());
        putDetail(detail, "source", leak.source());
        return Transactions.untilCommitted("token", () -> {
            Instant now = now();
            Optional<StoredToken> found = active(hash, now);
            if (found.isEmpty()) {
                return null;
            }
            StoredToken token = found.get();
            store.removeToken(token.userId(), token.tokenId(), hash, new AuditEvent(now, null,
                    AuditAction.TOKEN_LEAKED, token.userId(), token.tokenId(), null, detail));
            return new Revoked(token.tokenId(), token.userId(), null);
        });
    }

    /** The token under {@code hash} when verification would still take it on its age. */
    private Optional<StoredToken> active(String hash, Instant now) {
        return lookup.find(hash).filter(t -> policy.isValid(t.createdAt(), t.expiresAt(), now));
    }

    /**
     * The report's text kept as evidence, not judged: a leaked token is revoked whatever its URL
     * looks like ({@link Text#sanitized}, cut at {@link #MAX_DETAIL_LENGTH}); an absent or blank
     * value is left out.
     */
    static void putDetail(Map<String, String> detail, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        detail.put(key, Text.sanitized(value, MAX_DETAIL_LENGTH));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
