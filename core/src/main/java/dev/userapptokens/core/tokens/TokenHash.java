package dev.userapptokens.core.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 of a token, the only form in which a token is stored. One helper, used everywhere. */
public final class TokenHash {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * One digest per thread, reused: {@link MessageDigest#getInstance} is a provider lookup and a
     * new digest (buffers and state) on every call, on the path of every verification.
     * {@link MessageDigest#digest(byte[])} resets the digest, so each use starts clean.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenHash::newDigest);

    private TokenHash() {
    }

    /** Base64url (no padding) of SHA-256 over the token's ASCII bytes: 43 characters. */
    public static String of(String token) {
        byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
        return BASE64URL.encodeToString(digest);
    }

    /**
     * Lower-case hex of SHA-256 over the token's ASCII bytes (64 characters): how GitHub's secret
     * scanning feedback names a token. Never stored: the store keys tokens by {@link #of}.
     */
    public static String hex(String token) {
        return java.util.HexFormat.of().formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
