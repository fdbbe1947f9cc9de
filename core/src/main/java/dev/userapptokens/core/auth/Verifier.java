package dev.userapptokens.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
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

    private final Credentials credentials;
    private final RoleCatalog roles;
    private final Clock clock;
    private final Duration lastUsedInterval;

    public Verifier(Credentials credentials, Clock clock, Duration lastUsedInterval) {
        this(credentials, null, clock, lastUsedInterval);
    }

    /** {@code roles}: the catalog the access decision reads next, prefetched with the token read (or null). */
    public Verifier(Credentials credentials, RoleCatalog roles, Clock clock, Duration lastUsedInterval) {
        this.credentials = credentials;
        this.roles = roles;
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
        Optional<Credential> found = credentials.find(hash);
        if (found.isEmpty()) {
            return UNKNOWN;
        }
        Credential credential = found.get();
        Instant now = clock.instant();
        if (credential.expiresAt() != null && !now.isBefore(credential.expiresAt())) {
            return EXPIRED;
        }
        if (credential.loginOption() != LoginOption.NON_INTERACTIVE) {
            return INTERACTIVE;
        }
        Principal principal = new Principal(credential.userId(), credential.email(), credential.tokenId(),
                credential.roles());
        if (!principal.hasRole(BuiltInRoles.DEVELOPER)) {
            return NOT_DEVELOPER;
        }
        Instant notBefore = now.minus(lastUsedInterval);
        if (credential.lastUsedAt() == null || credential.lastUsedAt().isBefore(notBefore)) {
            recordUse(hash, credential.tokenId(), now, notBefore);
        }
        return new Verification.Authenticated(principal);
    }

    private void recordUse(String hash, String tokenId, Instant now, Instant notBefore) {
        try {
            credentials.recordUse(hash, now, notBefore);
        } catch (RuntimeException e) {
            // Bookkeeping only: a failed last-used write must not turn an allow into a deny.
            LOG.log(System.Logger.Level.DEBUG, "lastUsedAt not recorded for " + tokenId + ": " + e.getClass().getName());
        }
    }
}
