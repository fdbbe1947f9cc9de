package dev.userapptokens.core.tokens;

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

    private TokenItems() {
    }
}
