package dev.userapptokens.core.auth;

/**
 * Reads {@code Authorization: Bearer <token>}: the scheme word case-insensitive, one or more
 * spaces, then exactly one token. Only SP and HTAB around it are ignored (HTTP's optional
 * whitespace): any other control or Unicode space character anywhere makes the header malformed.
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
        String value = trimOptionalWhitespace(header);
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

    /** Not {@link String#strip()}: that also drops VT, FF, FS..US and Unicode spaces, which make a header malformed. */
    private static String trimOptionalWhitespace(String header) {
        int start = 0;
        int end = header.length();
        while (start < end && isOptionalWhitespace(header.charAt(start))) {
            start++;
        }
        while (end > start && isOptionalWhitespace(header.charAt(end - 1))) {
            end--;
        }
        return header.substring(start, end);
    }

    private static boolean isOptionalWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
