package dev.userapptokens.admin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.store.Cursors;

/** The admin function will not start without a usable cursor key, and says which variable is wrong. */
class CursorKeyTest {

    @Test
    void aMissingOrBlankKeyStopsTheFunction() {
        for (Optional<String> key : List.of(Optional.<String>empty(), Optional.of("  "))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CoreProducer.cursorsFrom(key));
            assertTrue(e.getMessage().startsWith("CURSOR_KEY is not set"), e.getMessage());
        }
    }

    @Test
    void aKeyUnder32BytesStopsTheFunction() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CoreProducer.cursorsFrom(Optional.of("x".repeat(Cursors.MIN_KEY_BYTES - 1))));
        assertTrue(e.getMessage().startsWith("CURSOR_KEY is too short"), e.getMessage());
    }

    @Test
    void aKeyOf32BytesSigns() {
        Cursors cursors = CoreProducer.cursorsFrom(Optional.of("x".repeat(Cursors.MIN_KEY_BYTES)));
        assertEquals("usr_a", cursors.decode("users", "", cursors.encode("users", "", "usr_a")));
    }
}
