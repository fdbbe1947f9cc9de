package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PermissionTest {

    private static boolean allows(String permission, String method, String path, String... workspaces) {
        return Permission.parse(permission).allows(method, RequestPath.segments(path), Set.of(workspaces));
    }

    @Test
    void literalPathAndExactMethod() {
        assertTrue(allows("GET /v1/me", "GET", "/v1/me"));
        assertTrue(allows("GET /v1/me", "GET", "/v1/me/"));
        assertFalse(allows("GET /v1/me", "POST", "/v1/me"));
        assertFalse(allows("GET /v1/me", "GET", "/v1/me/x"));
        assertFalse(allows("GET /v1/me", "GET", "/v1"));
        assertFalse(allows("GET /v1/me", "GET", "/v1/mE"));
    }

    @Test
    void starMethodAndTrailingDoubleStarMatchZeroOrMoreSegments() {
        assertTrue(allows("* /v1/users/**", "DELETE", "/v1/users"));
        assertTrue(allows("* /v1/users/**", "POST", "/v1/users/usr_1/tokens"));
        assertFalse(allows("* /v1/users/**", "GET", "/v1/usersx"));
        assertFalse(allows("* /v1/users/**", "GET", "/v1/roles"));
    }

    @Test
    void singleStarMatchesExactlyOneSegment() {
        assertTrue(allows("GET /v1/*/items", "GET", "/v1/a/items"));
        assertFalse(allows("GET /v1/*/items", "GET", "/v1/items"));
        assertFalse(allows("GET /v1/*/items", "GET", "/v1/a/b/items"));
    }

    @Test
    void workspaceSegmentMatchesOnlyTheRolesWorkspaces() {
        String manager = "* /v1/workspaces/{workspaceId}/**";
        assertTrue(allows(manager, "PUT", "/v1/workspaces/ws-1/things/7", "ws-1", "ws-2"));
        assertTrue(allows(manager, "GET", "/v1/workspaces/ws-2", "ws-1", "ws-2"));
        assertFalse(allows(manager, "GET", "/v1/workspaces/ws-3/things", "ws-1", "ws-2"));
        assertFalse(allows(manager, "GET", "/v1/workspaces/ws-1/things"));
        assertFalse(allows(manager, "GET", "/v1/workspaces", "ws-1"));
    }

    @Test
    void unsafePathsAreNeverMatched() {
        for (String path : List.of("/v1/workspaces/ws-1/../ws-2/x", "/v1/workspaces/ws-1/./x", "/v1//me",
                "/v1/workspaces/ws-1%2F..%2Fws-2", "/v1\\me", "v1/me", "", "/v1/me?x=1", "/v1/m e", "/v1/mé")) {
            assertNull(RequestPath.segments(path), path);
        }
        assertArrayEquals(new String[0], RequestPath.segments("/"));
    }

    @Test
    void malformedPermissionsDoNotParse() {
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("GET"));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("GET v1/me"));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("G3T /v1/me"));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("GET /v1/**/x"));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("GET /v1//x"));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse(null));
    }

    @Test
    void builtInRolesMatchTheContract() {
        Role developer = BuiltInRoles.ALL.get(0);
        assertTrue(developer.permissions().stream().anyMatch(p -> p.allows("GET", RequestPath.segments("/v1/me"), Set.of())));
        assertFalse(developer.scoped());
        assertTrue(BuiltInRoles.ALL.stream().filter(r -> r.name().startsWith("WORKSPACE")).allMatch(Role::scoped));
        Role admin = BuiltInRoles.ALL.get(1);
        assertTrue(admin.permissions().stream().anyMatch(p -> p.allows("GET", RequestPath.segments("/v1/audit"), Set.of())));
        assertFalse(admin.permissions().stream().anyMatch(p -> p.allows("GET", RequestPath.segments("/v1/audit/x"), Set.of())),
                "API.md grants /v1/audit, not what lies below it");
        assertTrue(admin.permissions().stream().anyMatch(p -> p.allows("DELETE", RequestPath.segments("/v1/users/u/tokens/t"), Set.of())));
    }
}
