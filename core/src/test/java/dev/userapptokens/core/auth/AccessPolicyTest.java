package dev.userapptokens.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.users.InMemoryRoles;
import dev.userapptokens.core.users.RoleAssignment;

/** {@link AccessPolicy} as a table: roles held, request, decision. Plain JUnit, built-in roles plus two. */
class AccessPolicyTest {

    private static final Role ORDERS_READER = new Role("ORDERS_READER", false, "test",
            List.of(Permission.parse("GET /v1/orders/**"), Permission.parse("* /v1/things/*/items")));
    private static final Role ITEM_EDITOR = new Role("ITEM_EDITOR", true, "test",
            List.of(Permission.parse("PUT /v1/workspaces/{workspaceId}/items/{workspaceId}")));

    private final AccessPolicy policy = new AccessPolicy(InMemoryRoles.builtIn(ORDERS_READER, ITEM_EDITOR));

    private static Principal holding(String compactRoles) {
        List<RoleAssignment> roles = compactRoles.isEmpty() ? List.of()
                : RoleAssignment.fromCompact(Arrays.asList(compactRoles.split(",")));
        return new Principal("usr_1", "a@example.com", "tok_1", roles);
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @CsvSource(nullValues = "NULL", delimiter = ';', value = {
            // DEVELOPER alone reaches only GET /v1/me
            "DEVELOPER; GET; /v1/me; true",
            "DEVELOPER; get; /v1/me; true", // methods compare upper-cased
            "DEVELOPER; GET; /v1/me/; true", // one trailing slash is the same path
            "DEVELOPER; DELETE; /v1/me; false",
            "DEVELOPER; GET; /v1/users; false",
            "DEVELOPER; GET; /v1/mine; false",
            // GLOBAL_USER_ADMIN: '**' covers the base and everything below it
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/users; true",
            "DEVELOPER,GLOBAL_USER_ADMIN; DELETE; /v1/users/usr_1/tokens/tok_1; true",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/audit; true",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/audit/x; false", // no '**' on audit
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/workspaces/ws-1; false",
            // scoped roles: only the workspaces assigned
            "WORKSPACE_MANAGER:ws-1|ws-2; DELETE; /v1/workspaces/ws-2/items/1; true",
            "WORKSPACE_MANAGER:ws-1|ws-2; GET; /v1/workspaces/ws-1; true",
            "WORKSPACE_MANAGER:ws-1|ws-2; GET; /v1/workspaces/ws-3; false",
            "WORKSPACE_MANAGER:ws-1|ws-2; GET; /v1/workspaces; false",
            "WORKSPACE_VIEWER:ws-1; GET; /v1/workspaces/ws-1/items; true",
            "WORKSPACE_VIEWER:ws-1; POST; /v1/workspaces/ws-1/items; false",
            "WORKSPACE_VIEWER:ws-1,WORKSPACE_MANAGER:ws-2; POST; /v1/workspaces/ws-2/items; true",
            "WORKSPACE_VIEWER:ws-1,WORKSPACE_MANAGER:ws-2; POST; /v1/workspaces/ws-1/items; false",
            // every {workspaceId} segment must name an assigned workspace
            "ITEM_EDITOR:ws-1|ws-2; PUT; /v1/workspaces/ws-1/items/ws-2; true",
            "ITEM_EDITOR:ws-1; PUT; /v1/workspaces/ws-1/items/ws-2; false",
            // '*' is exactly one segment
            "ORDERS_READER; PATCH; /v1/things/t1/items; true",
            "ORDERS_READER; PATCH; /v1/things/t1/x/items; false",
            "ORDERS_READER; GET; /v1/orders; true",
            "ORDERS_READER; POST; /v1/orders; false",
            // unknown roles grant nothing, and no role nothing
            "NO_SUCH_ROLE; GET; /v1/me; false",
            "''; GET; /v1/me; false",
            // unsafe paths are never allowed, whatever the roles
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/users/../me; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/users/%2e%2e; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/users//x; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; /v1/users\\x; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; v1/users; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; ''; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; NULL; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; NULL; /v1/users; false",
            "WORKSPACE_MANAGER:ws-1; GET; /v1/workspaces/ws-1/./x; false",
            // path parameters: a server that strips them would serve another path than the one checked
            "DEVELOPER,GLOBAL_USER_ADMIN; GET; '/v1/users/..;/me'; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; PUT; '/v1/roles/ABC;x'; false",
            "WORKSPACE_MANAGER:ws-1; GET; '/v1/workspaces/ws-1/..;/ws-2/x'; false",
            // '*' covers the grammar's methods only
            "WORKSPACE_MANAGER:ws-1; OPTIONS; /v1/workspaces/ws-1/x; true",
            "WORKSPACE_MANAGER:ws-1; TRACE; /v1/workspaces/ws-1/x; false",
            "WORKSPACE_MANAGER:ws-1; CONNECT; /v1/workspaces/ws-1/x; false",
    })
    void decides(String roles, String method, String path, boolean allowed) {
        assertEquals(allowed, policy.allows(holding(roles), method, path));
    }

    @Test
    void grantsAreThePermissionsOfKnownRolesInAssignmentOrder() {
        List<AccessPolicy.Grant> grants = policy.grants(holding("WORKSPACE_VIEWER:ws-1,NO_SUCH_ROLE,DEVELOPER"));
        assertEquals(List.of("GET /v1/workspaces/{workspaceId}/**", "GET /v1/me", "POST /v1/me/token/rotate"),
                grants.stream().map(g -> g.permission().toString()).toList());
        assertEquals(List.of(List.of("ws-1"), List.of(), List.of()), grants.stream().map(AccessPolicy.Grant::workspaces).toList());
    }

    @ParameterizedTest(name = "{0} with token {1}: {2} {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
            // a token list narrows: both sides must match
            "DEVELOPER,GLOBAL_USER_ADMIN; GET /v1/users/**; GET; /v1/users/usr_1; true",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET /v1/users/**; DELETE; /v1/users/usr_1; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET /v1/users/**; GET; /v1/me; false",
            // and never widens: the role side still decides
            "DEVELOPER; GET /v1/users/**; GET; /v1/users; false",
            "DEVELOPER; * /v1/**; DELETE; /v1/me; false",
            "DEVELOPER; * /v1/**; GET; /v1/me; true",
            // {workspaceId} in a token permission matches any segment; the roles limit it
            "WORKSPACE_MANAGER:ws-1; GET /v1/workspaces/{workspaceId}/**; GET; /v1/workspaces/ws-1/items; true",
            "WORKSPACE_MANAGER:ws-1; GET /v1/workspaces/{workspaceId}/**; GET; /v1/workspaces/ws-2/items; false",
            "WORKSPACE_MANAGER:ws-1; GET /v1/workspaces/{workspaceId}/**; POST; /v1/workspaces/ws-1/items; false",
            "WORKSPACE_MANAGER:ws-1|ws-2; GET /v1/workspaces/ws-2/**; GET; /v1/workspaces/ws-1; false",
            "WORKSPACE_MANAGER:ws-1|ws-2; GET /v1/workspaces/ws-2/**; GET; /v1/workspaces/ws-2; true",
            // several entries: any one of them
            "ORDERS_READER; GET /v1/orders/1|GET /v1/orders/2; GET; /v1/orders/2; true",
            "ORDERS_READER; GET /v1/orders/1|GET /v1/orders/2; GET; /v1/orders/3; false",
            // unsafe paths stay refused
            "DEVELOPER,GLOBAL_USER_ADMIN; * /v1/**; GET; /v1/users/../me; false",
            "DEVELOPER,GLOBAL_USER_ADMIN; GET /v1/users/**; GET; '/v1/users/..;/audit'; false",
            "ORDERS_READER; * /**; TRACE; /v1/orders/1; false",
    })
    void aTokenListNarrowsAndNeverWidens(String roles, String tokenPermissions, String method, String path,
                                         boolean allowed) {
        Principal owner = holding(roles);
        Principal narrowed = new Principal(owner.userId(), owner.email(), owner.tokenId(), owner.roles(),
                Arrays.stream(tokenPermissions.split("\\|")).map(Permission::parse).toList());
        assertEquals(allowed, policy.allows(narrowed, method, path));
    }

    @Test
    void tokenGrantsCarryEveryWorkspaceOfTheOwner() {
        Principal owner = holding("WORKSPACE_VIEWER:ws-1,WORKSPACE_MANAGER:ws-2|ws-1");
        Principal narrowed = new Principal(owner.userId(), owner.email(), owner.tokenId(), owner.roles(),
                List.of(Permission.parse("GET /v1/workspaces/{workspaceId}")));
        assertEquals(List.of(new AccessPolicy.Grant(Permission.parse("GET /v1/workspaces/{workspaceId}"),
                List.of("ws-1", "ws-2"))), policy.tokenGrants(narrowed));
        assertEquals(List.of(), policy.tokenGrants(owner), "a token without a list: the role grants alone");
    }
}
