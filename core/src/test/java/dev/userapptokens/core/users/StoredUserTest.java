package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;

class StoredUserTest {

    @Test
    void printingAStoredUserNeverShowsATokenHash() {
        String hash = TokenHash.of(new TokenFormat().generate());
        User user = new User("usr_x", "A", "B", "a@example.com", LoginOption.NON_INTERACTIVE, List.of(),
                Instant.now(), "bootstrap");
        StoredUser stored = new StoredUser(user, 1, Map.of("tok_x", new StoredUser.TokenRef(hash, null)));
        assertFalse(stored.toString().contains(hash), stored.toString());
    }
}
