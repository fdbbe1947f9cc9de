package dev.userapptokens.core.auth;

import java.time.Instant;
import java.util.List;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * What is stored for one token hash: the token's owner as of the owner's last change (every
 * change to a user rewrites its tokens' items in the same transaction) and the token's own
 * permissions (null: its owner's full permissions), so one strongly consistent read answers
 * every check.
 */
public record StoredToken(String tokenId, String userId, String email, LoginOption loginOption,
                          List<RoleAssignment> roles, Instant expiresAt, Instant lastUsedAt, Instant createdAt,
                          List<Permission> permissions) {

    /** A token without its own permissions. */
    public StoredToken(String tokenId, String userId, String email, LoginOption loginOption,
                       List<RoleAssignment> roles, Instant expiresAt, Instant lastUsedAt, Instant createdAt) {
        this(tokenId, userId, email, loginOption, roles, expiresAt, lastUsedAt, createdAt, null);
    }
}
