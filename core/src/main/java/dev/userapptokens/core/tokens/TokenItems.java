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
    /**
     * The UTC day ({@code yyyy-MM-dd}) of {@code expiresAt}, only on tokens that expire: the key of
     * the sparse index {@link #BY_EXPIRY_DAY}, so the expiry warnings read only the tokens due.
     */
    public static final String EXPIRES_DAY = "expiresDay";
    public static final String BY_EXPIRY_DAY = "byExpiryDay";
    /** The expiry-warning thresholds (days, a number set) already warned for. */
    public static final String WARNED = "warned";

    public static String expiresDay(java.time.Instant expiresAt) {
        return java.time.LocalDate.ofInstant(expiresAt, java.time.ZoneOffset.UTC).toString();
    }

    private TokenItems() {
    }
}
