package dev.userapptokens.core.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.RequestPath;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * Whether an authenticated principal may make a request: some permission of some role it holds
 * matches the method and path, a {@code {workspaceId}} segment only for that role's workspaces,
 * <em>and</em>, for a token with its own permissions (API.md "Token permissions"), one of those
 * matches too ({@code {workspaceId}} there matching any segment: the role side limits it). The
 * HTTP API decision, the admin function's route check and the REST API's IAM policy (which keeps
 * only the resources this allows) all read {@link #allows}: one rule.
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
        return tokenAllows(principal.tokenPermissions(), upperMethod, segments)
                && rolesAllow(principal, upperMethod, segments);
    }

    private static boolean tokenAllows(List<Permission> tokenPermissions, String method, String[] segments) {
        if (tokenPermissions == null) {
            return true; // the owner's full permissions
        }
        for (Permission permission : tokenPermissions) {
            if (permission.allowsInAnyWorkspace(method, segments)) {
                return true;
            }
        }
        return false;
    }

    private boolean rolesAllow(Principal principal, String upperMethod, String[] segments) {
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

    /**
     * The token's own permissions, each with every workspace the principal holds a role for: with
     * {@link #grants}, the candidates a policy writer expands, keeping what {@link #allows} allows.
     * Empty for a token with its owner's full permissions.
     */
    public List<Grant> tokenGrants(Principal principal) {
        if (principal.tokenPermissions() == null) {
            return List.of();
        }
        Set<String> workspaces = new LinkedHashSet<>();
        principal.roles().forEach(assignment -> workspaces.addAll(assignment.workspaces()));
        List<String> all = List.copyOf(workspaces);
        return principal.tokenPermissions().stream().map(permission -> new Grant(permission, all)).toList();
    }
}
