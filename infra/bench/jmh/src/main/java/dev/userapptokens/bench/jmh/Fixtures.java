package dev.userapptokens.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The benchmark's token item and events (the same event files infra/bench/run sends to the function). */
final class Fixtures {

    /** The roles of the token's owner: what uat-cli bootstrap gives the first admin. */
    static final List<String> ROLES = List.of("DEVELOPER", "GLOBAL_USER_ADMIN");

    private Fixtures() {
    }

    static Map<String, AttributeValue> tokenItem(String hash, Instant lastUsedAt) {
        return Map.of(
                "tokenHash", AttributeValue.fromS(hash),
                "tokenId", AttributeValue.fromS("tok_4kGq0aVZt1mXb9cR2pLw"),
                "userId", AttributeValue.fromS("usr_7YhN3sQe8uKd2WfJ5vTb"),
                "email", AttributeValue.fromS("admin@example.com"),
                "loginOption", AttributeValue.fromS("NON_INTERACTIVE"),
                "roles", AttributeValue.fromL(ROLES.stream().map(AttributeValue::fromS).toList()),
                "lastUsedAt", AttributeValue.fromN(Long.toString(lastUsedAt.getEpochSecond())));
    }

    /** {@code events/NAME} with {@code @TOKEN@} replaced. */
    static byte[] event(String name, String token) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no event " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@TOKEN@", token)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
