package dev.userapptokens.core.auth;

/**
 * Reads {@code Authorization: Bearer <token>}: the scheme word case-insensitive, one or more
 * spaces, then exactly one token; surrounding whitespace ignored.
 */
public final class BearerHeader {

    /** Far above any valid header; bounds the work done on hostile input. */
    static final int MAX_LENGTH = 1024;
    private static final String SCHEME = "bearer";

    private BearerHeader() {
    }

    /** The token in {@code header}, or null when the header is not a bearer header. Never throws. */
    public static String token(String header) {
        if (header == null || header.length() > MAX_LENGTH) {
            return null;
        }
        String value = header.strip();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || value.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        int start = SCHEME.length();
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return null; // a second word, a control character or non-ASCII: not one token
            }
        }
        return start < value.length() ? value.substring(start) : null;
    }
}
