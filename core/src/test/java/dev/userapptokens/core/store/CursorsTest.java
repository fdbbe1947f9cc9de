package dev.userapptokens.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.RejectedException;

/** Cursors are the deployment's, for one list and filter; anything else is a 400 naming {@code cursor}. */
class CursorsTest {

    private static final String KEY = "test-only-cursor-key-not-for-production-0123456789";
    private final Cursors cursors = Cursors.withSecret(KEY);

    private void refused(String list, String filter, String cursor) {
        RejectedException e = assertThrows(RejectedException.class, () -> cursors.decode(list, filter, cursor),
                "refused: " + cursor);
        assertEquals(RejectedException.Kind.VALIDATION, e.kind());
        assertTrue(e.getMessage().startsWith("cursor: "), e.getMessage());
    }

    @Test
    void roundTripsAndIsOpaqueUrlSafeBase64() {
        String cursor = cursors.encode("users", "loginOption=INTERACTIVE", "usr_abc");
        assertEquals("usr_abc", cursors.decode("users", "loginOption=INTERACTIVE", cursor));
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        assertEquals(cursor, cursors.encode("users", "loginOption=INTERACTIVE", "usr_abc"), "deterministic");
        assertEquals("0000000000001#x", cursors.decode("audit", "", cursors.encode("audit", "", "0000000000001#x")));
        assertNull(cursors.decode("users", "", null), "no cursor: the first page");
    }

    @Test
    void boundToItsList() {
        refused("audit", "", cursors.encode("users", "", "usr_abc"));
        refused("users", "", cursors.encode("audit", "", "0000000000001#x"));
    }

    @Test
    void boundToItsFilter() {
        String interactive = cursors.encode("users", "loginOption=INTERACTIVE", "usr_abc");
        refused("users", "loginOption=NON_INTERACTIVE", interactive);
        refused("users", "", interactive);
        refused("users", "loginOption=INTERACTIVE", cursors.encode("users", "", "usr_abc"));
    }

    @Test
    void everyChangedCharacterIsRefused() {
        String cursor = cursors.encode("users", "", "usr_abcdefghijklmnopqrst");
        for (int i = 0; i < cursor.length(); i++) {
            char c = cursor.charAt(i);
            String changed = cursor.substring(0, i) + (c == 'A' ? 'B' : 'A') + cursor.substring(i + 1);
            refused("users", "", changed);
        }
        refused("users", "", cursor + "A");
        refused("users", "", cursor.substring(0, cursor.length() - 1));
        refused("users", "", cursor + "=");
    }

    @Test
    void aChangedResumeKeyWithTheOldTagIsRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursors.encode("users", "", "usr_aaaa"));
        bytes[bytes.length - 1] = 'b';
        refused("users", "", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Test
    void aCursorMadeWithAnotherKeyIsRefused() {
        Cursors other = Cursors.withSecret("another-deployments-cursor-key-0123456789abcdef");
        refused("users", "", other.encode("users", "", "usr_abc"));
    }

    @Test
    void garbageEmptyTooLongAndOtherVersionsAreRefused() {
        refused("users", "", "");
        refused("users", "", "not-a-cursor!");
        refused("users", "", "//");
        refused("users", "", "QUFB");
        refused("users", "", "A".repeat(513));
        // the unauthenticated version 1: "c1:" + the resume key
        refused("users", "", Base64.getUrlEncoder().withoutPadding()
                .encodeToString("c1:usr_abc".getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = Base64.getUrlDecoder().decode(cursors.encode("users", "", "usr_abc"));
        bytes[0] = 3;
        refused("users", "", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        // a tag and nothing to resume after
        refused("users", "", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[33]));
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cursors.withSecret("x".repeat(31)));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cursors.withSecret(null));
        assertEquals("k", Cursors.withSecret("x".repeat(32)).decode("l", "", Cursors.withSecret("x".repeat(32))
                .encode("l", "", "k")));
    }

    @Test
    void withoutAKeyNothingPages() {
        Cursors none = Cursors.none();
        assertThrows(IllegalStateException.class, () -> none.decode("users", "", null));
        assertThrows(IllegalStateException.class, () -> none.encode("users", "", "usr_abc"));
    }
}
