package dev.userapptokens.core.auth;

import java.util.List;

import dev.userapptokens.core.users.RoleAssignment;

/** An authenticated caller: the user, the token it used (by id), and the user's current roles. */
public record Principal(String userId, String email, String tokenId, List<RoleAssignment> roles) {

    public boolean hasRole(String name) {
        for (RoleAssignment role : roles) {
            if (role.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
