package dev.userapptokens.admin.http;

/** What HTTP (RFC 9110) allows in a header field name and value; stricter than the Vert.x checks it stands in front of. */
final class HttpHeaderText {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpHeaderText() {
    }

    /** A token: one or more of A-Z a-z 0-9 and {@value #TOKEN_SYMBOLS}. */
    static boolean isFieldName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = c < 0x80 && Character.isLetterOrDigit(c);
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Visible characters, SP and HTAB; no other control character (CR and LF included). */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
