package dev.userapptokens.core.users;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user as stored: the user, an optimistic-locking version, and the index of
 * its tokens (token id to hash and expiry). The index lives on the user item so that every
 * change to the user finds all its tokens with one consistent read and rewrites them in the
 * same transaction. How it is stored is the store's ({@link UserItems} on DynamoDB).
 */
public record StoredUser(User user, long version, Map<String, TokenRef> tokens) {

    /**
     * Where a token of this user is stored, when it expires (null: never), and the id of the token
     * that replaced it by rotation (null: none), which it is then only overlapping with.
     */
    public record TokenRef(String hash, Instant expiresAt, String rotatedTo) {

        /** A token that has not been rotated. */
        public TokenRef(String hash, Instant expiresAt) {
            this(hash, expiresAt, null);
        }

        @Override
        public String toString() { // the hash stays out of logs
            return "TokenRef[hash=<redacted>, expiresAt=" + expiresAt + ", rotatedTo=" + rotatedTo + "]";
        }

        public boolean isExpired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** Token ids whose tokens have expired: pruned from the index by the next change. */
    public List<String> expiredTokenIds(Instant now) {
        return tokens.entrySet().stream().filter(e -> e.getValue().isExpired(now)).map(Map.Entry::getKey).toList();
    }
}
