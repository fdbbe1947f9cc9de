package dev.userapptokens.core.auth;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.RequestPath;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * Whether an authenticated principal may make a request: some permission of some role it holds
 * matches the method and path, a {@code {workspaceId}} segment only for that role's workspaces.
 */
public final class AccessPolicy {

    private final RoleCatalog roles;

    public AccessPolicy(RoleCatalog roles) {
        this.roles = roles;
    }

    /** False for an unsafe path (dot segments, encodings, empty segments) and for unknown roles. */
    public boolean allows(Principal principal, String method, String path) {
        String[] segments = RequestPath.segments(path);
        if (segments == null || method == null) {
            return false;
        }
        String upperMethod = method.toUpperCase(java.util.Locale.ROOT);
        for (RoleAssignment assignment : principal.roles()) {
            Role role = roles.find(assignment.name()).orElse(null);
            if (role == null) {
                continue;
            }
            for (Permission permission : role.permissions()) {
                if (permission.allows(upperMethod, segments, assignment.workspaces())) {
                    return true;
                }
            }
        }
        return false;
    }
}
