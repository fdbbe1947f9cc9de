package dev.userapptokens.core.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.tokens.TokenInfo;

/**
 * The unit of work of every change to a user: the user, what it implies (its email's uniqueness,
 * its tokens' items, which carry the owner's roles, and the Global User Admin count) and the
 * change's audit event are written together or not at all (on DynamoDB: one TransactWriteItems).
 * The rules are {@link Users}' and {@link dev.userapptokens.core.tokens.Tokens}'; a store only
 * keeps them true under concurrency.
 *
 * <p>Every write is conditioned on what the caller read: a write that lost a race throws
 * {@link dev.userapptokens.core.store.ConcurrentChange}, and the caller reads again
 * ({@link dev.userapptokens.core.store.Transactions#untilCommitted}). A change that would leave no
 * Global User Admin is a 409 ({@link AdminGuard#LAST_ADMIN}).
 */
public interface UserStore {

    /** The stored user with its version and token index, read strongly consistently. */
    Optional<StoredUser> load(String id);

    /** A page of users (the API's query parameters as given). */
    Page<User> list(String limit, String cursor, String loginOption);

    /** The id of some user holding the unscoped role {@code role}: a full scan, for the bootstrap command. */
    Optional<String> anyWithRole(String role);

    /** Writes a new user (version 1, no tokens); a 409 when its email is taken. */
    void create(User user, AuditEvent event);

    /**
     * Replaces {@code before}'s names and roles with {@code after}'s and drops {@code expired}
     * from its token index; a change of roles rewrites its other tokens' items.
     */
    void update(StoredUser before, User after, List<String> expired, AuditEvent event);

    /** Deletes the user, its email lock and every token item of it. */
    void delete(StoredUser stored, AuditEvent event);

    /**
     * Stores a new token of {@code owner} under {@code hash} (carrying the owner as it is now) and
     * indexes it on the owner, dropping {@code expired} from the index.
     */
    void addToken(StoredUser owner, TokenInfo token, String hash, List<String> expired, AuditEvent event);

    /** Deletes the token item and its index entry; conditioned on the entry, not on the user's version. */
    void removeToken(String userId, String tokenId, String hash, AuditEvent event);

    /**
     * Replaces the token {@code oldId} of {@code owner} by {@code successor} (stored under
     * {@code successorHash}, carrying the owner as it is now), in one write with {@code event}:
     * with {@code oldStopsAt} null the old token's item and index entry go at once; otherwise the
     * old token keeps working until {@code oldStopsAt} (its expiry, in its item and its entry, now
     * that time) and is marked as rotated. Conditioned on the owner's version.
     */
    void rotateToken(StoredUser owner, String oldId, TokenInfo successor, String successorHash, Instant oldStopsAt,
                     List<String> expired, AuditEvent event);

    /** The owner's indexed tokens as stored, with last use, in no particular order. */
    List<TokenInfo> tokens(StoredUser owner);

    /**
     * The token stored under {@code hash} as the admin API shows it (label, dates, permissions),
     * read strongly consistently; empty once it is gone: for rotation, and for revoking by value,
     * whose answer names the label that verification's read does not carry.
     */
    Optional<TokenInfo> token(String hash);
}
