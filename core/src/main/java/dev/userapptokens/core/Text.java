package dev.userapptokens.core;

/**
 * The one rule for free-text fields (names, email, labels, descriptions): well-formed Unicode (no
 * unpaired surrogate, which storage and JSON writers cannot encode), no control characters, 1 to
 * {@code max} characters (code points) after trimming.
 */
public final class Text {

    private Text() {
    }

    /**
     * The trimmed value, or a 400 rejection naming {@code field}. The whole value is judged, its
     * ends included: a control character is refused, not trimmed away (String#strip() would drop
     * a trailing newline or tab, and FS..US, and store the rest as if nothing had been sent).
     * Trimming then removes the spaces at the ends, Unicode's too (a no-break space is no name).
     */
    public static String required(String field, String value, int max) {
        if (value == null) {
            throw RejectedException.invalid(field, "is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a well-formed pair: one supplementary character
            } else if (Character.isSurrogate(c)) {
                throw RejectedException.invalid(field, "must be valid Unicode (it has an unpaired surrogate)");
            } else if (isControl(c)) {
                throw RejectedException.invalid(field, "must not contain control characters");
            }
        }
        String trimmed = trimSpaces(value);
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > max) {
            throw RejectedException.invalid(field, "must be 1 to " + max + " characters");
        }
        return trimmed;
    }

    /** {@code value} without the white space and space separators (Zs: no-break spaces included) at its ends. */
    private static String trimSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Free text kept rather than judged (a leak report's URL): what {@link #required} would refuse
     * (an unpaired surrogate, a control character) and the other format characters become '?',
     * and it is cut at {@code max} chars without splitting a surrogate pair.
     */
    public static String sanitized(String value, int max) {
        StringBuilder kept = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && kept.length() < max; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (kept.length() + 2 > max) {
                    break;
                }
                kept.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c) || isControl(c) || Character.getType(c) == Character.FORMAT) {
                kept.append('?');
            } else {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** User input fit to echo in an error: at most 64 characters, anything that could forge log lines or markup as '?'. */
    public static String printable(String value) {
        return echo(value, "[^A-Za-z0-9_.\\[\\]-]");
    }

    /**
     * {@code value} to echo in an error about a permission: printable ASCII kept (the grammar is
     * made of it, so the caller recognises its own text), anything else a {@code ?}; cut at 64.
     */
    public static String printableAscii(String value) {
        return echo(value, "[^\\x20-\\x7E]");
    }

    private static String echo(String value, String refused) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll(refused, "?");
    }

    /**
     * C0 and C1 controls, the line and paragraph separators (they split log lines as a newline
     * does) and the bidirectional embedding, override and isolate controls (they make a name
     * display as something else).
     */
    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
