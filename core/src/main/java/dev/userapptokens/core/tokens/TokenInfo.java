package dev.userapptokens.core.tokens;

import java.time.Instant;
import java.util.List;

import dev.userapptokens.core.roles.Permission;

/**
 * What the admin API may show of a token: never the token, never its hash. {@code permissions}:
 * the token's own list (API.md "Token permissions"), null when it has its owner's full
 * permissions; {@code rotatedFrom}: the token this one replaced, or null.
 */
public record TokenInfo(String id, String label, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        List<Permission> permissions, String rotatedFrom) {

    public TokenInfo {
        permissions = permissions == null ? null : List.copyOf(permissions);
    }

    /** A token with its owner's full permissions that replaced none. */
    public TokenInfo(String id, String label, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        this(id, label, createdAt, expiresAt, lastUsedAt, null, null);
    }
}
