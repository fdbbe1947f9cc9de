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
}
