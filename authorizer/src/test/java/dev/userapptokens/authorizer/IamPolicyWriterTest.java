package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.users.RoleAssignment;

/** Permissions written as IAM resources: exact, never a wildcard, left out where IAM would match more. */
class IamPolicyWriterTest {

    static final String P = "arn:aws:execute-api:eu-west-1:1:api/prod/";

    private static List<String> resources(String permission, String... workspaces) {
        return IamPolicyWriter.resources(P, Permission.parse(permission), List.of(workspaces));
    }

    @Test
    void literalPathIsOneExactResource() {
        assertEquals(List.of(P + "GET/v1/me"), resources("GET /v1/me"));
    }

    @Test
    void trailingDoubleStarIsThePrefixOnly() {
        // "prefix/*" would also match prefix/..\x, prefix/é and paths over 2,048 characters, which core refuses
        assertEquals(List.of(P + "POST/v1/users"), resources("POST /v1/users/**"));
        assertEquals(List.of(P + "GET/"), resources("GET /**"));
    }

    @Test
    void anyMethodIsSpelledOutNotWrittenAsAWildcard() {
        List<String> out = resources("* /v1/audit");
        assertEquals(Permission.METHODS.size(), out.size());
        for (String method : Permission.METHODS) {
            assertTrue(out.contains(P + method + "/v1/audit"), method);
        }
        assertFalse(out.stream().anyMatch(r -> r.startsWith(P + "*")));
    }

    @Test
    void workspaceSegmentBecomesOneResourcePerWorkspace() {
        assertEquals(List.of(P + "GET/v1/workspaces/ws-1", P + "GET/v1/workspaces/ws-2"),
                resources("GET /v1/workspaces/{workspaceId}/**", "ws-1", "ws-2"));
        assertEquals(List.of(), resources("GET /v1/workspaces/{workspaceId}/**"), "no workspace, no resource");
        assertEquals(List.of(P + "GET/v1/workspaces/ok"), resources("GET /v1/workspaces/{workspaceId}", "ok", "b*d", "q?", "a/b",
                        "a\\b", "é", "..", "%2e", ""), "workspace ids that are not plain path segments are left out");
    }

    @Test
    void aOneSegmentWildcardCannotBeWrittenAndIsLeftOut() {
        assertEquals(List.of(), resources("GET /v1/things/*/items"));
        assertEquals(List.of(), resources("GET /v1/things/*"));
        // a literal holding '*' would be read as a wildcard: the grammar refuses it (PermissionTest)
    }

    @Test
    void everyResourceIsNoBroaderThanItsPermission() {
        String[] permissions = {"GET /v1/me", "* /v1/users/**", "GET /v1/workspaces/{workspaceId}/**", "DELETE /x/y",
                "* /**", "PUT /v1/workspaces/{workspaceId}/items/{workspaceId}"};
        String[] paths = {"/", "/v1", "/v1/me", "/v1/me/x", "/v1/users", "/v1/users/a/b", "/x/v1/users", "/v1/usersx",
                "/v1/workspaces/ws-1", "/v1/workspaces/ws-1/a", "/v1/workspaces/ws-3/a", "/x/y", "/x/y/z",
                "/v1/workspaces/ws-1/items/ws-2", "/v1/workspaces/ws-2/items/ws-1", "/a/v1/workspaces/ws-1"};
        List<String> workspaces = List.of("ws-1", "ws-2");
        for (String text : permissions) {
            Permission permission = Permission.parse(text);
            List<String> resources = IamPolicyWriter.resources(P, permission, workspaces);
            for (String method : Permission.METHODS) {
                for (String path : paths) {
                    String arn = P + method + path;
                    boolean iam = resources.stream().anyMatch(r -> IamPolicy.matches(r, arn));
                    String[] segments = dev.userapptokens.core.roles.RequestPath.segments(path);
                    boolean core = permission.allows(method, segments, workspaces);
                    assertFalse(iam && !core, text + " written as " + resources + " allows " + method + " " + path);
                }
            }
        }
    }

    @Test
    void allowedCombinesTheRolesOfAPrincipalWithoutDuplicates() {
        RoleCatalog catalog = new RoleCatalog() {
            final Map<String, Role> byName = Map.of(
                    "DEVELOPER", BuiltInRoles.ALL.get(0),
                    "WORKSPACE_MANAGER", BuiltInRoles.ALL.get(2),
                    "WORKSPACE_VIEWER", BuiltInRoles.ALL.get(3));

            public Optional<Role> find(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            public List<Role> all() {
                return List.copyOf(byName.values());
            }
        };
        Principal principal = new Principal("usr_1", "a@example.com", "tok_1", List.of(RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"),
                RoleAssignment.of("UNKNOWN_ROLE")));
        MethodArn arn = MethodArn.parse(P + "GET/v1/me");
        // DEVELOPER grants GET /v1/me and POST /v1/me/token/rotate (API.md v1.1)
        assertEquals(List.of(P + "GET/v1/me", P + "POST/v1/me/token/rotate", P + "GET/v1/workspaces/ws-1"),
                IamPolicyWriter.allowed(new AccessPolicy(catalog).grants(principal), arn.stagePrefix()));
    }

    @Test
    void noResourceHoldsAWildcard() {
        for (String text : List.of("GET /v1/me", "* /v1/users/**", "* /**", "GET /v1/workspaces/{workspaceId}/**",
                "GET /v1/things/*/items")) {
            for (String resource : IamPolicyWriter.resources(P, Permission.parse(text), List.of("ws-1", "w*", "w?"))) {
                assertFalse(resource.contains("*") || resource.contains("?"), text + " written as " + resource);
            }
        }
    }
}
