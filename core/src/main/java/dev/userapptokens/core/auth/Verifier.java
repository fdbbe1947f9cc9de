package dev.userapptokens.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.tokens.TokenPolicy;
import dev.userapptokens.core.users.LoginOption;

/**
 * Turns a raw {@code Authorization} header into a {@link Verification}. In order:
 * <ol>
 * <li>header shape and token format, offline (no read for a typo or a foreign token);</li>
 * <li>the role catalog's load, if the access decision after this will need one, started
 * alongside the token read ({@link RoleCatalog#prefetch}), never after it;</li>
 * <li>one strongly consistent read of the token's item by its SHA-256 (absent: never issued,
 * revoked, or its user deleted, since those changes delete the item in their transaction);</li>
 * <li>expiry, against this clock on every call (TTL only cleans up);</li>
 * <li>the owner is non-interactive and holds DEVELOPER (roles as of the owner's last change);</li>
 * <li>last use recorded at most once per {@code lastUsedInterval}, as a conditional write.</li>
 * </ol>
 * Never throws: any failure is a {@link DenyReason#UNAVAILABLE} deny.
 */
public final class Verifier {

    private static final System.Logger LOG = System.getLogger(Verifier.class.getName());
    private static final Verification MISSING = new Verification.Denied(DenyReason.MISSING);
    private static final Verification MALFORMED = new Verification.Denied(DenyReason.MALFORMED);
    private static final Verification UNKNOWN = new Verification.Denied(DenyReason.UNKNOWN);
    private static final Verification EXPIRED = new Verification.Denied(DenyReason.EXPIRED);
    private static final Verification INTERACTIVE = new Verification.Denied(DenyReason.NOT_NON_INTERACTIVE);
    private static final Verification NOT_DEVELOPER = new Verification.Denied(DenyReason.NOT_DEVELOPER);
    private static final Verification UNAVAILABLE = new Verification.Denied(DenyReason.UNAVAILABLE);

    /** At most one last-used write per token per this interval, as the functions run it. */
    public static final Duration LAST_USED_INTERVAL = Duration.ofMinutes(1);

    private final TokenLookup tokens;
    private final RoleCatalog roles;
    private final TokenPolicy policy;
    private final Clock clock;
    private final Duration lastUsedInterval;

    public Verifier(TokenLookup tokens, Clock clock, Duration lastUsedInterval) {
        this(tokens, null, clock, lastUsedInterval);
    }

    /** {@code roles}: the catalog the access decision reads next, prefetched with the token read (or null). */
    public Verifier(TokenLookup tokens, RoleCatalog roles, Clock clock, Duration lastUsedInterval) {
        this(tokens, roles, TokenPolicy.NONE, clock, lastUsedInterval);
    }

    /** {@code policy}: the deployment's lifetime policy, whose maximum age is checked on every verification. */
    public Verifier(TokenLookup tokens, RoleCatalog roles, TokenPolicy policy, Clock clock, Duration lastUsedInterval) {
        this.tokens = tokens;
        this.roles = roles;
        this.policy = policy;
        this.clock = clock;
        this.lastUsedInterval = lastUsedInterval;
    }

    public Verification verify(String authorizationHeader) {
        if (authorizationHeader == null) {
            return MISSING;
        }
        String token = BearerHeader.token(authorizationHeader);
        if (token == null || !TokenFormat.isWellFormed(token)) {
            return MALFORMED;
        }
        try {
            return verifyToken(token);
        } catch (RuntimeException e) {
            // The token is never logged; the failure's type is enough to diagnose storage trouble.
            LOG.log(System.Logger.Level.WARNING, "verification failed closed: " + e.getClass().getName());
            return UNAVAILABLE;
        }
    }

    private Verification verifyToken(String token) {
        String hash = TokenHash.of(token);
        if (roles != null) {
            roles.prefetch();
        }
        Optional<StoredToken> found = tokens.find(hash);
        if (found.isEmpty()) {
            return UNKNOWN;
        }
        StoredToken stored = found.get();
        Instant now = clock.instant();
        if (!policy.isValid(stored.createdAt(), stored.expiresAt(), now)) {
            return EXPIRED; // past its own expiry, or older than the policy's maximum lifetime
        }
        if (stored.loginOption() != LoginOption.NON_INTERACTIVE) {
            return INTERACTIVE;
        }
        Principal principal = new Principal(stored.userId(), stored.email(), stored.tokenId(),
                stored.roles(), stored.permissions());
        if (!principal.hasRole(BuiltInRoles.DEVELOPER)) {
            return NOT_DEVELOPER;
        }
        Instant notBefore = now.minus(lastUsedInterval);
        if (stored.lastUsedAt() == null || stored.lastUsedAt().isBefore(notBefore)) {
            recordUse(hash, stored.tokenId(), now, notBefore);
        }
        return new Verification.Authenticated(principal);
    }

    private void recordUse(String hash, String tokenId, Instant now, Instant notBefore) {
        try {
            tokens.recordUse(hash, now, notBefore);
        } catch (RuntimeException e) {
            // Bookkeeping only: a failed last-used write must not turn an allow into a deny.
            LOG.log(System.Logger.Level.DEBUG, "lastUsedAt not recorded for " + tokenId + ": " + e.getClass().getName());
        }
    }
}
