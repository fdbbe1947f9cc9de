package dev.userapptokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IdsTest {

    private final Ids ids = new Ids();

    @Test
    void idsHaveTheirPrefixAndTwentyBase62Characters() {
        String id = ids.next("usr_");
        assertTrue(id.matches("usr_[0-9A-Za-z]{20}"), id);
        assertTrue(Ids.isId("usr_", id));
        assertNotEquals(id, ids.next("usr_"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "usr_, usr_0123456789abcdefABCD, true",
            "tok_, tok_0123456789abcdefABCD, true",
            "usr_, tok_0123456789abcdefABCD, false", // another kind's id
            "usr_, usr_0123456789abcdefABC, false",  // one short
            "usr_, usr_0123456789abcdefABCDE, false", // one long
            "usr_, usr_0123456789abcdef-BCD, false", // outside base62
            "usr_, usr_0123456789abcdefABC\u00e9, false",
            "usr_, NULL, false",
    })
    void isIdAcceptsOnlyWhatNextCouldMake(String prefix, String candidate, boolean expected) {
        assertEquals(expected, Ids.isId(prefix, candidate));
    }
}
