package dev.userapptokens.core.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 of a token, the only form in which a token is stored. One helper, used everywhere. */
public final class TokenHash {

    private TokenHash() {
    }

    /** Base64url (no padding) of SHA-256 over the token's ASCII bytes: 43 characters. */
    public static String of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
