package dev.userapptokens.core.tokens;

import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The user app token format of API.md: {@code uat_} + 38 base62 random characters + 6 base62
 * characters of CRC32 checksum over the first 42 characters, 48 characters in all.
 *
 * <p>{@link #isWellFormed} is the offline check that runs before any database read: a typo, a
 * truncated paste or a token of another system is rejected without touching storage.
 */
public final class TokenFormat {

    public static final String PREFIX = "uat_";
    public static final int LENGTH = 48;
    static final int RANDOM_LENGTH = 38; // 38 * log2(62) = 226 bits of entropy
    static final int CHECKSUM_LENGTH = 6;
    static final int BODY_LENGTH = PREFIX.length() + RANDOM_LENGTH;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final SecureRandom random;

    public TokenFormat(SecureRandom random) {
        this.random = random;
    }

    public TokenFormat() {
        this(new SecureRandom());
    }

    /** A new token: 38 uniformly random base62 characters (rejection-free: nextInt is unbiased). */
    public String generate() {
        char[] token = new char[LENGTH];
        PREFIX.getChars(0, PREFIX.length(), token, 0);
        for (int i = PREFIX.length(); i < BODY_LENGTH; i++) {
            token[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        writeChecksum(checksum(token), token);
        return new String(token);
    }

    /** Prefix, length, alphabet and checksum: true only when all hold. Never throws. */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (digit(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        long expected = checksum(candidate);
        long written = 0;
        for (int i = BODY_LENGTH; i < LENGTH; i++) {
            written = written * 62 + digit(candidate.charAt(i));
        }
        return written == expected;
    }

    static long checksum(CharSequence token) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < BODY_LENGTH; i++) {
            crc.update(token.charAt(i)); // ASCII only here: the alphabet check ran first
        }
        return crc.getValue();
    }

    private static long checksum(char[] token) {
        return checksum(java.nio.CharBuffer.wrap(token));
    }

    static String checksumDigits(long value) {
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    private static void writeChecksum(long value, char[] token) {
        checksumDigits(value).getChars(0, CHECKSUM_LENGTH, token, BODY_LENGTH);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
        if (c >= 'a' && c <= 'z') return c - 'a' + 36;
        return -1;
    }
}
