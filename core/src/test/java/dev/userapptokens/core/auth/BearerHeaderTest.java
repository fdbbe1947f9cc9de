package dev.userapptokens.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BearerHeaderTest {

    @Test
    void schemeWordIsCaseInsensitiveAndWhitespaceAroundIsIgnored() {
        assertEquals("abc", BearerHeader.token("Bearer abc"));
        assertEquals("abc", BearerHeader.token("bearer abc"));
        assertEquals("abc", BearerHeader.token("BEARER abc"));
        assertEquals("abc", BearerHeader.token("  Bearer   abc \t"));
    }

    @Test
    void anythingElseIsNotABearerHeader() {
        assertNull(BearerHeader.token(null));
        assertNull(BearerHeader.token(""));
        assertNull(BearerHeader.token("Bearer"));
        assertNull(BearerHeader.token("Bearer "));
        assertNull(BearerHeader.token("Basic abc"));
        assertNull(BearerHeader.token("Bearerabc"));
        assertNull(BearerHeader.token("Bearer\tabc"));
        assertNull(BearerHeader.token("Bearer abc def"));
        assertNull(BearerHeader.token("Bearer abc\u0000"));
        assertNull(BearerHeader.token("Bearer abcé"));
        assertNull(BearerHeader.token("Token abc"));
        assertNull(BearerHeader.token("Bearer " + "a".repeat(5000)));
    }

    /** Only SP and HTAB are optional whitespace; VT, FF, FS..US, CR, LF and Unicode spaces are not. */
    @Test
    void otherControlOrUnicodeSpaceCharactersAtEitherEndAreMalformed() {
        for (String c : new String[] {"\u000b", "\f", "\u001c", "\u001d", "\u001e", "\u001f", "\r", "\n",
                "\u0085", "\u00a0", "\u2000", "\u2028", "\u2029", "\u3000", "\ufeff"}) {
            String name = "U+" + Integer.toHexString(c.charAt(0));
            assertNull(BearerHeader.token("Bearer abc" + c), name + " after the token");
            assertNull(BearerHeader.token(c + "Bearer abc"), name + " before the scheme");
            assertNull(BearerHeader.token("Bearer" + c + "abc"), name + " between scheme and token");
            assertNull(BearerHeader.token("Bearer abc \t" + c + " "), name + " among optional whitespace");
        }
        assertEquals("abc", BearerHeader.token("\t Bearer abc \t "));
    }
}
