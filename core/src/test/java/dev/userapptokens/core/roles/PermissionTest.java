package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.roles.Permission.Segment;
import dev.userapptokens.core.roles.Permission.Segment.Kind;

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

    /**
     * A path parameter ({@code ;...}) is refused anywhere in a path: servers that strip it (Tomcat,
     * Jetty, Spring; JAX-RS matrix parameters in the admin function) turn {@code ..;} into a dot
     * segment behind the check, and {@code tok_1;x} into another name than the one checked. No
     * literal of the grammar holds a {@code ;}, so only a wildcard could have matched such a segment.
     */
    @Test
    void pathParametersAreNeverMatched() {
        for (String path : List.of("/v1/orders/..;/users", "/v1/orders/1/..;x/..;/audit", "/v1/orders/.;/1",
                "/v1/orders/;/1", "/v1/orders/;x/1", "/v1/orders/1;jsessionid=x", "/v1/roles/ABC;x", "/v1/me;",
                "/v1;/me")) {
            assertNull(RequestPath.segments(path), path);
        }
    }

    /** {@code *} stands for the grammar's seven methods, not for any word a request line carries. */
    @Test
    void theStarMethodCoversOnlyTheGrammarsMethods() {
        for (String method : Permission.METHODS) {
            assertTrue(allows("* /v1/orders/**", method, "/v1/orders/1"), method);
        }
        for (String method : List.of("TRACE", "CONNECT", "PROPFIND", "FOO", "", "G ET")) {
            assertFalse(allows("* /v1/orders/**", method, "/v1/orders/1"), method);
        }
    }

    /** API.md v1.1 "Custom roles": permissions the grammar accepts. */
    static final List<String> VALID = List.of(
            "GET /v1/me",
            "* /v1/users/**",
            "POST /v1/users", "PUT /x", "PATCH /x", "DELETE /x", "HEAD /x", "OPTIONS /x",
            "GET /**",
            "GET /*",
            "GET /{workspaceId}",
            "GET /v1/workspaces/{workspaceId}/**",
            "PUT /v1/workspaces/{workspaceId}/items/{workspaceId}",
            "GET /v1/things/*/items",
            "GET /A-Z.a_z~0-9",
            "GET /..." , "GET /.x", "GET /x..", "GET /~",
            "GET /" + "a".repeat(64),
            "GET " + "/a".repeat(32),
            "GET " + "/a".repeat(31) + "/**",
            "GET " + ("/" + "c".repeat(64)).repeat(7) + "/" + "d".repeat(56));

    /** Permissions the grammar refuses, each with what is wrong. */
    static final String[][] INVALID = {
            {null, "null"},
            {"", "empty"},
            {"GET", "no path"},
            {"GET ", "empty path"},
            {"/v1/me", "no method"},
            {"GET v1/me", "path without a leading slash"},
            {"get /v1/me", "lower-case method"},
            {"G3T /v1/me", "not a method"},
            {"CONNECT /v1/me", "method outside the list"},
            {"TRACE /v1/me", "method outside the list"},
            {"ANY /v1/me", "method outside the list"},
            {"GET  /v1/me", "two spaces"},
            {" GET /v1/me", "leading space"},
            {"GET /v1/me ", "trailing space"},
            {"GET\t/v1/me", "tab"},
            {"GET /v1/me extra", "a third part"},
            {"GET /", "root: an empty segment"},
            {"GET //x", "empty segment"},
            {"GET /v1//x", "empty segment"},
            {"GET /v1/me/", "trailing slash"},
            {"GET /v1/./x", "dot segment"},
            {"GET /v1/../x", "dot-dot segment"},
            {"GET /.", "dot segment"},
            {"GET /..", "dot-dot segment"},
            {"GET /v1/**/x", "'**' not last"},
            {"GET /**/**", "'**' not last"},
            {"GET /v1/a*b", "'*' inside a literal"},
            {"GET /v1/***", "'***'"},
            {"GET /v1/{workspaceId}x", "'{workspaceId}' inside a literal"},
            {"GET /v1/{workspace}", "braces outside '{workspaceId}'"},
            {"GET /v1/{WorkspaceId}", "'{workspaceId}' is case-sensitive"},
            {"GET /v1/a b", "space in a segment"},
            {"GET /v1/%2e%2e", "percent-encoding"},
            {"GET /v1/a\\b", "backslash"},
            {"GET /v1/\u00e9", "non-ASCII"},
            {"GET /v1/a?b", "query"},
            {"GET /v1/a#b", "fragment"},
            {"GET /v1/a:b", "colon"},
            {"GET /v1/a+b", "plus"},
            {"GET /v1/a@b", "at sign"},
            {"GET /v1/\u0000", "control character"},
            {"GET /" + "a".repeat(65), "literal over 64 characters"},
            {"GET " + "/a".repeat(33), "33 segments"},
            {"GET " + "/a".repeat(32) + "/**", "33 segments with '**'"},
            {"GET " + ("/" + "c".repeat(64)).repeat(7) + "/" + "d".repeat(57), "513 characters"},
    };

    @Test
    void theGrammarAcceptsExactlyWhatApiMdAllows() {
        List<String> wrong = new ArrayList<>();
        for (String text : VALID) {
            try {
                Permission permission = Permission.parse(text);
                if (!permission.toString().equals(text)) {
                    wrong.add("printed differently: " + text + " -> " + permission);
                }
            } catch (IllegalArgumentException e) {
                wrong.add("refused " + text + ": " + e.getMessage());
            }
        }
        for (String[] row : INVALID) {
            try {
                Permission.parse(row[0]);
                wrong.add("accepted (" + row[1] + "): " + row[0]);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theBoundariesOfTheTableAreWhereApiMdPutsThem() {
        assertEquals(512, (("/" + "c".repeat(64)).repeat(7) + "/" + "d".repeat(56)).length());
        assertEquals(513, (("/" + "c".repeat(64)).repeat(7) + "/" + "d".repeat(57)).length());
    }

    @Test
    void thePatternIsTyped() {
        Permission permission = Permission.parse("PUT /v1/workspaces/{workspaceId}/*/**");
        assertEquals("PUT", permission.method());
        assertEquals(List.of("PUT"), permission.methods());
        assertEquals(List.of(new Segment(Kind.LITERAL, "v1"), new Segment(Kind.LITERAL, "workspaces"),
                Segment.WORKSPACE, Segment.ANY_ONE, Segment.REST), permission.pattern());
        assertEquals(Permission.METHODS, Permission.parse("* /x").methods());
        assertEquals("*", Permission.parse("* /x").method());
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
