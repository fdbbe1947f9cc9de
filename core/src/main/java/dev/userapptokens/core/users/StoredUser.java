package dev.userapptokens.core.users;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's item in the users table: the user, an optimistic-locking version, and the index of
 * its tokens (token id to hash and expiry). The index lives on the user item so that every
 * change to the user finds all its tokens with one consistent read and rewrites them in the
 * same transaction. Email uniqueness is held by a second item, {@code EMAIL#<lower-case email>}.
 */
public record StoredUser(User user, long version, Map<String, TokenRef> tokens) {

    static final String ID = "id";
    static final String KIND = "kind";
    static final String USER_KIND = "USER";
    static final String EMAIL_KIND = "EMAIL";
    static final String VERSION = "version";
    static final String TOKENS = "tokens";

    /** Where a token of this user is stored, and when it expires (null: never). */
    public record TokenRef(String hash, Instant expiresAt) {

        @Override
        public String toString() {
            return "TokenRef[hash=<redacted>, expiresAt=" + expiresAt + "]"; // the hash stays out of logs
        }

        public boolean isExpired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }

        public AttributeValue toAttribute() {
            Map<String, AttributeValue> map = new HashMap<>();
            map.put("h", s(hash));
            if (expiresAt != null) {
                map.put("e", n(expiresAt.getEpochSecond()));
            }
            return AttributeValue.fromM(map);
        }
    }

    public static String emailLockId(String email) {
        return "EMAIL#" + UserRules.emailKey(email);
    }

    Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(user.id()));
        item.put(KIND, s(USER_KIND));
        item.put("email", s(user.email()));
        item.put("firstName", s(user.firstName()));
        item.put("lastName", s(user.lastName()));
        item.put("loginOption", s(user.loginOption().name()));
        item.put("roles", Attributes.strings(RoleAssignment.toCompact(user.roles())));
        item.put("createdAt", s(user.createdAt().toString()));
        item.put("createdBy", s(user.createdBy()));
        item.put(VERSION, n(version));
        Map<String, AttributeValue> refs = new HashMap<>();
        tokens.forEach((id, ref) -> refs.put(id, ref.toAttribute()));
        item.put(TOKENS, AttributeValue.fromM(refs));
        return item;
    }

    static StoredUser fromItem(Map<String, AttributeValue> item) {
        User user = new User(
                Attributes.string(item, ID),
                Attributes.string(item, "firstName"),
                Attributes.string(item, "lastName"),
                Attributes.string(item, "email"),
                LoginOption.valueOf(Attributes.string(item, "loginOption")),
                RoleAssignment.fromCompact(Attributes.stringList(item, "roles")),
                Attributes.instant(item, "createdAt"),
                Attributes.string(item, "createdBy"));
        Map<String, TokenRef> tokens = new LinkedHashMap<>();
        AttributeValue refs = item.get(TOKENS);
        if (refs != null && refs.hasM()) {
            refs.m().forEach((id, ref) -> tokens.put(id, new TokenRef(
                    Attributes.string(ref.m(), "h"), Attributes.epochSeconds(ref.m(), "e"))));
        }
        return new StoredUser(user, Attributes.number(item, VERSION), tokens);
    }

    /**
     * The {@code REMOVE} clause that prunes {@code expiredTokenIds} from the token index, adding
     * their attribute names to {@code names}; empty when there is nothing to prune.
     */
    public static String pruneClause(List<String> expiredTokenIds, Map<String, String> names) {
        StringBuilder remove = new StringBuilder();
        for (int i = 0; i < expiredTokenIds.size(); i++) {
            names.put("#x" + i, expiredTokenIds.get(i));
            remove.append(i == 0 ? " REMOVE " : ", ").append("tokens.#x").append(i);
        }
        return remove.toString();
    }

    /** Token ids whose tokens have expired: pruned from the index by the next change. */
    public List<String> expiredTokenIds(Instant now) {
        return tokens.entrySet().stream().filter(e -> e.getValue().isExpired(now)).map(Map.Entry::getKey).toList();
    }
}
