package dev.userapptokens.core.roles;

import java.util.List;

/** The four roles of API.md, seeded into the roles table and always present. */
public final class BuiltInRoles {

    public static final String DEVELOPER = "DEVELOPER";
    public static final String GLOBAL_USER_ADMIN = "GLOBAL_USER_ADMIN";
    public static final String WORKSPACE_MANAGER = "WORKSPACE_MANAGER";
    public static final String WORKSPACE_VIEWER = "WORKSPACE_VIEWER";

    public static final List<Role> ALL = List.of(
            role(DEVELOPER, false, "Required for any API access; by itself grants only GET /v1/me and the token's own rotation",
                    "GET /v1/me", "POST /v1/me/token/rotate"),
            role(GLOBAL_USER_ADMIN, false, "Manages users, their roles and tokens; reads the audit trail and the token policy",
                    "* /v1/users/**", "* /v1/roles/**", "* /v1/tokens/**", "* /v1/audit", "* /v1/token-policy"),
            role(WORKSPACE_MANAGER, true, "Any method on the workspaces it is assigned",
                    "* /v1/workspaces/{workspaceId}/**"),
            role(WORKSPACE_VIEWER, true, "Read-only access to the workspaces it is assigned",
                    "GET /v1/workspaces/{workspaceId}/**"));

    private static final java.util.Set<String> NAMES = java.util.Set.of(DEVELOPER, GLOBAL_USER_ADMIN, WORKSPACE_MANAGER,
            WORKSPACE_VIEWER);

    private BuiltInRoles() {
    }

    /** Whether {@code name} is one of the four: immutable, never deleted, and not counted in holders. */
    public static boolean isBuiltIn(String name) {
        return name != null && NAMES.contains(name);
    }

    private static Role role(String name, boolean scoped, String description, String... permissions) {
        return new Role(name, scoped, description, List.of(permissions).stream().map(Permission::parse).toList());
    }
}
