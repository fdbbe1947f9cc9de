package dev.userapptokens.core.auth;

import java.util.List;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * An authenticated caller: the user, the token it used (by id), the user's current roles, and
 * the token's own permissions ({@code tokenPermissions}; null when the token has the user's full
 * permissions). {@link AccessPolicy} reads both.
 */
public record Principal(String userId, String email, String tokenId, List<RoleAssignment> roles,
                        List<Permission> tokenPermissions) {

    /** A caller whose token has its owner's full permissions. */
    public Principal(String userId, String email, String tokenId, List<RoleAssignment> roles) {
        this(userId, email, tokenId, roles, null);
    }

    public boolean hasRole(String name) {
        for (RoleAssignment role : roles) {
            if (role.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
