package dev.userapptokens.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.userapptokens.core.RejectedException;

/**
 * Opaque paging cursors: the key to resume after, versioned and base64url-encoded so clients
 * treat them as tokens, not as something to build.
 */
public final class Cursors {

    private static final String VERSION = "c1:";
    private static final int MAX_LENGTH = 512;

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key inside a cursor, or a 400 rejection when it is not one of ours. Null stays null. */
    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw RejectedException.invalid("cursor", "is not a cursor returned by this API");
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION) && text.length() > VERSION.length()) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through to the rejection
        }
        throw RejectedException.invalid("cursor", "is not a cursor returned by this API");
    }
}
