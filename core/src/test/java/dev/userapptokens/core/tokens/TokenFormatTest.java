package dev.userapptokens.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class TokenFormatTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final TokenFormat format = new TokenFormat();

    /** The checksum as API.md words it, computed independently with BigInteger. */
    private static String specChecksum(String first42) {
        CRC32 crc = new CRC32();
        crc.update(first42.getBytes(StandardCharsets.US_ASCII));
        BigInteger value = BigInteger.valueOf(crc.getValue());
        StringBuilder digits = new StringBuilder();
        BigInteger base = BigInteger.valueOf(62);
        while (value.signum() > 0) {
            digits.insert(0, ALPHABET.charAt(value.mod(base).intValue()));
            value = value.divide(base);
        }
        while (digits.length() < 6) {
            digits.insert(0, '0');
        }
        return digits.toString();
    }

    @Test
    void generatedTokensFollowTheContract() {
        for (int i = 0; i < 2000; i++) {
            String token = format.generate();
            assertEquals(48, token.length());
            assertTrue(token.startsWith("uat_"));
            assertTrue(token.substring(4).chars().allMatch(c -> ALPHABET.indexOf(c) >= 0), token);
            assertEquals(specChecksum(token.substring(0, 42)), token.substring(42), token);
            assertTrue(TokenFormat.isWellFormed(token));
        }
    }

    @Test
    void tokensAreDistinctAndUseTheWholeAlphabet() {
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String token = format.generate();
            assertTrue(seen.add(token));
            token.substring(4, 42).chars().forEach(c -> chars.add((char) c));
        }
        assertEquals(62, chars.size());
    }

    @Test
    void smallChecksumsArePaddedWithZeros() {
        // Find a body whose CRC32 is below 62^5 so the written checksum starts with '0'.
        for (int i = 0; ; i++) {
            String body = "uat_" + String.format("%038d", i);
            if (specChecksum(body).startsWith("0")) {
                assertTrue(TokenFormat.isWellFormed(body + specChecksum(body)));
                assertEquals(specChecksum(body), TokenFormat.checksumDigits(TokenFormat.checksum(body)));
                return;
            }
        }
    }

    @Test
    void rejectsWrongPrefixLengthAlphabetAndChecksum() {
        String token = format.generate();
        assertFalse(TokenFormat.isWellFormed(null));
        assertFalse(TokenFormat.isWellFormed(""));
        assertFalse(TokenFormat.isWellFormed("UAT_" + token.substring(4)));
        assertFalse(TokenFormat.isWellFormed("xat_" + token.substring(4)));
        assertFalse(TokenFormat.isWellFormed(token.substring(0, 47)));
        assertFalse(TokenFormat.isWellFormed(token + "0"));
        assertFalse(TokenFormat.isWellFormed(token.substring(0, 10) + "-" + token.substring(11)));
        assertFalse(TokenFormat.isWellFormed(token.substring(0, 10) + "é" + token.substring(11)));
        char last = token.charAt(47);
        String wrongChecksum = token.substring(0, 47) + (last == '0' ? '1' : '0');
        assertFalse(TokenFormat.isWellFormed(wrongChecksum));
        char c = token.charAt(20);
        String flipped = token.substring(0, 20) + (c == 'a' ? 'b' : 'a') + token.substring(21);
        assertFalse(TokenFormat.isWellFormed(flipped));
    }

    @Test
    void checksumOverflowIsRejected() {
        // "zzzzzz" is 62^6-1, larger than any CRC32: must not wrap around into a match.
        String token = format.generate();
        assertFalse(TokenFormat.isWellFormed(token.substring(0, 42) + "zzzzzz"));
    }

    @Test
    void hashIsSha256Base64UrlAndNeverTheToken() {
        String token = format.generate();
        String hash = TokenHash.of(token);
        assertEquals(43, hash.length());
        assertNotEquals(token, hash);
        assertEquals(hash, TokenHash.of(token));
        assertNotEquals(hash, TokenHash.of(format.generate()));
        // Known SHA-256 vector: "abc".
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenHash.of("abc"));
    }
}
