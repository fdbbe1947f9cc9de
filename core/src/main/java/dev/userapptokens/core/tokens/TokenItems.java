package dev.userapptokens.core.tokens;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute names of a token's item in the tokens table, keyed by the token's SHA-256. The item
 * carries its owner's email, login option and roles, rewritten by every change to the owner, so
 * verification is one read. {@code expiresAt} (epoch seconds) is the table's TTL attribute.
 */
public final class TokenItems {

    public static final String HASH = "tokenHash";
    public static final String TOKEN_ID = "tokenId";
    public static final String USER_ID = "userId";
    public static final String EMAIL = "email";
    public static final String LOGIN_OPTION = "loginOption";
    public static final String ROLES = "roles";
    public static final String LABEL = "label";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String LAST_USED_AT = "lastUsedAt";
    /** The token's own permissions (a list of grammar texts), only on a token narrower than its owner. */
    public static final String PERMISSIONS = "permissions";
    /** The id of the token this one replaced by rotation, only on a rotated-in token. */
    public static final String ROTATED_FROM = "rotatedFrom";
    /** The id of the token that replaced this one, only on a token working out its rotation overlap. */
    public static final String ROTATED_TO = "rotatedTo";
    /**
     * The UTC day ({@code yyyy-MM-dd}) of {@code expiresAt}, only on tokens that expire: the key of
     * the sparse index {@link #BY_EXPIRY_DAY}, so the expiry warnings read only the tokens due.
     */
    public static final String EXPIRES_DAY = "expiresDay";
    public static final String BY_EXPIRY_DAY = "byExpiryDay";
    /** The expiry-warning thresholds (days, a number set) already warned for. */
    public static final String WARNED = "warned";

    public static String expiresDay(Instant expiresAt) {
        return LocalDate.ofInstant(expiresAt, ZoneOffset.UTC).toString();
    }

    /** The token's own permissions as stored, or null (its owner's full permissions). */
    public static List<Permission> permissions(Map<String, AttributeValue> item) {
        if (!item.containsKey(TokenItems.PERMISSIONS)) {
            return null;
        }
        List<String> texts = Attributes.stringList(item, TokenItems.PERMISSIONS);
        if (texts == null || texts.isEmpty()) {
            throw new IllegalStateException("token item has unreadable permissions");
        }
        return texts.stream().map(Permission::parse).toList(); // a text that does not parse throws: deny
    }

    private TokenItems() {
    }
}
