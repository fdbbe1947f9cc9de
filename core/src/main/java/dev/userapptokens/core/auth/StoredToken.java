package dev.userapptokens.core.auth;

import java.time.Instant;
import java.util.List;

import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * What is stored for one token hash: the token's owner as of the owner's last change (every
 * change to a user rewrites its tokens' items in the same transaction), so one strongly
 * consistent read answers every check.
 */
public record StoredToken(String tokenId, String userId, String email, LoginOption loginOption,
                          List<RoleAssignment> roles, Instant expiresAt, Instant lastUsedAt, Instant createdAt) {
}
