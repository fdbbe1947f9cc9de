package dev.userapptokens.core.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.RequestPath;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * Whether an authenticated principal may make a request: some permission of some role it holds
 * matches the method and path, a {@code {workspaceId}} segment only for that role's workspaces.
 * {@link #grants} is the same set of permissions for whoever must write them down (the REST API's
 * IAM policy), so both read one rule. A token's own permissions (API.md "Token permissions") will
 * be a second list the request must also match, through the same {@link Permission#allows}.
 */
public final class AccessPolicy {

    /** A permission and the workspaces its {@code {workspaceId}} segments may name. */
    public record Grant(Permission permission, List<String> workspaces) {
    }

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
        String upperMethod = method.toUpperCase(Locale.ROOT);
        // the loop of grants(), without building the list: this runs for every request
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

    /** Every permission of the principal's known roles with its workspaces, in assignment order. */
    public List<Grant> grants(Principal principal) {
        List<Grant> out = new ArrayList<>();
        for (RoleAssignment assignment : principal.roles()) {
            Role role = roles.find(assignment.name()).orElse(null);
            if (role == null) {
                continue;
            }
            for (Permission permission : role.permissions()) {
                out.add(new Grant(permission, assignment.workspaces()));
            }
        }
        return out;
    }
}
