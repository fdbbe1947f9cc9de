package dev.userapptokens.core.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.Ids;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.RoleRules;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.StoredUser;
import dev.userapptokens.core.users.UserRules;
import dev.userapptokens.core.users.UserStore;
import dev.userapptokens.core.users.Users;

/**
 * A user's tokens: issue, list, revoke. Issuing stores the token (by its SHA-256, carrying the
 * owner's roles), the owner's token index and the audit event in one write, so the token
 * authenticates as soon as the call returns; revoking deletes them the same way.
 */
public final class Tokens {

    /** Active tokens per user: keeps every change to a user within one 100-item transaction. */
    public static final int MAX_ACTIVE_PER_USER = 50;

    private final TokenPolicy policy;
    private final Users users;
    private final UserStore store;
    private final TokenFormat format;
    private final Ids ids;
    private final Clock clock;

    public Tokens(Users users, UserStore store, TokenFormat format, Ids ids, Clock clock) {
        this(users, store, format, ids, TokenPolicy.NONE, clock);
    }

    /** {@code policy}: the deployment's lifetime policy (default and maximum expiry). */
    public Tokens(Users users, UserStore store, TokenFormat format, Ids ids, TokenPolicy policy, Clock clock) {
        this.policy = policy;
        this.users = users;
        this.store = store;
        this.format = format;
        this.ids = ids;
        this.clock = clock;
    }

    public IssuedToken create(String actorUserId, String userId, String label, Integer expiresInDays, Instant expiresAt) {
        return create(actorUserId, userId, label, expiresInDays, expiresAt, null);
    }

    /** {@code permissions}: the token's own list (API.md "Token permissions"), or null for its owner's full ones. */
    public IssuedToken create(String actorUserId, String userId, String label, Integer expiresInDays, Instant expiresAt,
                              List<String> permissions) {
        String cleanLabel = UserRules.label(label);
        List<Permission> ownPermissions = RoleRules.tokenPermissions(permissions);
        Instant now = now();
        Instant expiry = policy.expiry(expiresInDays, expiresAt, now);
        return Transactions.untilCommitted("user", () -> {
            StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
            if (owner.user().loginOption() != LoginOption.NON_INTERACTIVE) {
                throw RejectedException.conflict("user: tokens can only be created for NON_INTERACTIVE users");
            }
            List<String> expired = owner.expiredTokenIds(now);
            if (owner.tokens().size() - expired.size() >= MAX_ACTIVE_PER_USER) {
                throw RejectedException.conflict("user: already has " + MAX_ACTIVE_PER_USER
                        + " active tokens; revoke one first");
            }
            String token = format.generate();
            TokenInfo info = new TokenInfo(ids.next(Ids.TOKEN_PREFIX), cleanLabel, now, expiry, null,
                    ownPermissions, null);
            store.addToken(owner, info, TokenHash.of(token), expired,
                    new AuditEvent(now, actorUserId, AuditAction.TOKEN_CREATED, userId, info.id()));
            return new IssuedToken(info, token);
        });
    }

    /**
     * Rotates the token {@code tokenId} of {@code userId} (API.md, rotate): a new token with its
     * label and permissions, the old one stopping at once or after {@code overlapSeconds} (never
     * after its own expiry). A token that has stopped working is unknown (404); one already
     * rotated and still in its overlap is a 409.
     */
    public IssuedToken rotate(String actorUserId, String userId, String tokenId, Integer overlapSeconds,
                              Integer expiresInDays, Instant expiresAt) {
        Duration overlap = UserRules.overlap(overlapSeconds);
        Instant now = now();
        return Transactions.untilCommitted("token", () -> {
            StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
            StoredUser.TokenRef ref = Ids.isId(Ids.TOKEN_PREFIX, tokenId) ? owner.tokens().get(tokenId) : null;
            TokenInfo old = ref == null ? null : store.token(ref.hash()).orElse(null);
            if (old == null || !policy.isValid(old.createdAt(), old.expiresAt(), now)) {
                throw RejectedException.notFound("token");
            }
            if (ref.rotatedTo() != null) {
                throw RejectedException.conflict("token: already rotated to " + ref.rotatedTo()
                        + "; it stops at the end of its overlap");
            }
            Instant expiry = policy.rotatedExpiry(expiresInDays, expiresAt, old, now);
            List<String> expired = owner.expiredTokenIds(now);
            boolean overlapping = !overlap.isZero();
            if (owner.tokens().size() - expired.size() + (overlapping ? 1 : 0) > MAX_ACTIVE_PER_USER) {
                throw RejectedException.conflict("user: already has " + MAX_ACTIVE_PER_USER
                        + " active tokens; rotate without overlap or revoke one first");
            }
            Instant stopsAt = null;
            if (overlapping) {
                stopsAt = now.plus(overlap).truncatedTo(ChronoUnit.SECONDS); // stored in epoch seconds
                if (old.expiresAt() != null && old.expiresAt().isBefore(stopsAt)) {
                    stopsAt = old.expiresAt();
                }
            }
            String token = format.generate();
            TokenInfo successor = new TokenInfo(ids.next(Ids.TOKEN_PREFIX), old.label(), now, expiry, null,
                    old.permissions(), old.id());
            store.rotateToken(owner, old.id(), successor, TokenHash.of(token), stopsAt, expired,
                    new AuditEvent(now, actorUserId, AuditAction.TOKEN_ROTATED, userId, successor.id(), null,
                            Map.of("rotatedFrom", old.id())));
            return new IssuedToken(successor, token);
        });
    }

    /** The user's tokens, oldest first, with last use; expired ones stay listed until cleaned up. */
    public List<TokenInfo> list(String userId) {
        StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
        List<TokenInfo> tokens = new ArrayList<>(store.tokens(owner));
        tokens.sort(Comparator.comparing(TokenInfo::createdAt).thenComparing(TokenInfo::id));
        return tokens;
    }

    /** Revokes: from the moment this returns the token no longer authenticates. */
    public void revoke(String actorUserId, String userId, String tokenId) {
        Transactions.untilCommitted("token", () -> {
            StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
            StoredUser.TokenRef ref = Ids.isId(Ids.TOKEN_PREFIX, tokenId) ? owner.tokens().get(tokenId) : null;
            if (ref == null) {
                throw RejectedException.notFound("token");
            }
            store.removeToken(userId, tokenId, ref.hash(),
                    new AuditEvent(now(), actorUserId, AuditAction.TOKEN_REVOKED, userId, tokenId));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
