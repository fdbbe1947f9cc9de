package dev.userapptokens.core.tokens;

import java.time.Instant;

/** What the admin API may show of a token: never the token, never its hash. */
public record TokenInfo(String id, String label, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
}
