package dev.userapptokens.admin.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenFormat;

/** The one response body that carries a token never prints it (a log line of the entity would leak it). */
class IssuedTokenBodyTest {

    @Test
    void theTokenIsNotInItsTextForm() {
        String token = new TokenFormat().generate();
        Json.IssuedTokenBody body = new Json.IssuedTokenBody("tok_1", "ci", token, Instant.EPOCH, null, null,
                List.of("GET /v1/me"), null);
        assertFalse(body.toString().contains(token), body.toString());
        assertTrue(body.toString().contains("tok_1"));
    }
}
