package dev.userapptokens.core.users;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link StoredUser} as items of the users table: the user item (with its version and token
 * index) and the email lock item beside it, which every DynamoDB access to users reads and writes
 * through.
 */
final class UserItems {

    static final String ID = "id";
    static final String KIND = "kind";
    static final String USER_KIND = "USER";
    static final String EMAIL_KIND = "EMAIL";
    static final String VERSION = "version";
    static final String TOKENS = "tokens";

    private UserItems() {
    }

    /** Email uniqueness is held by a second item, {@code EMAIL#<lower-case email>}. */
    static String emailLockId(String email) {
        return "EMAIL#" + UserRules.emailKey(email);
    }

    static Map<String, AttributeValue> toItem(StoredUser stored) {
        User user = stored.user();
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
        item.put(VERSION, n(stored.version()));
        Map<String, AttributeValue> refs = new HashMap<>();
        stored.tokens().forEach((id, ref) -> refs.put(id, tokenRef(ref)));
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
        Map<String, StoredUser.TokenRef> tokens = new LinkedHashMap<>();
        AttributeValue refs = item.get(TOKENS);
        if (refs != null && refs.hasM()) {
            refs.m().forEach((id, ref) -> tokens.put(id, new StoredUser.TokenRef(
                    Attributes.string(ref.m(), "h"), Attributes.epochSeconds(ref.m(), "e"),
                    Attributes.string(ref.m(), "r"))));
        }
        return new StoredUser(user, Attributes.number(item, VERSION), tokens);
    }

    /**
     * An entry of the token index: {@code h} the hash, {@code e} the expiry in epoch seconds,
     * {@code r} the successor's id once it has been rotated.
     */
    static AttributeValue tokenRef(StoredUser.TokenRef ref) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("h", s(ref.hash()));
        if (ref.expiresAt() != null) {
            map.put("e", n(ref.expiresAt().getEpochSecond()));
        }
        if (ref.rotatedTo() != null) {
            map.put("r", s(ref.rotatedTo()));
        }
        return AttributeValue.fromM(map);
    }

    /**
     * The {@code REMOVE} clause that prunes {@code expiredTokenIds} from the token index, adding
     * their attribute names to {@code names}; empty when there is nothing to prune.
     */
    static String pruneClause(List<String> expiredTokenIds, Map<String, String> names) {
        StringBuilder remove = new StringBuilder();
        for (int i = 0; i < expiredTokenIds.size(); i++) {
            names.put("#x" + i, expiredTokenIds.get(i));
            remove.append(i == 0 ? " REMOVE " : ", ").append("tokens.#x").append(i);
        }
        return remove.toString();
    }
}
