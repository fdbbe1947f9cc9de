package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userapptokens.core.RejectedException;

class RoleRulesTest {

    private static String refusal(Runnable rule) {
        RejectedException e = assertThrows(RejectedException.class, rule::run);
        assertEquals(RejectedException.Kind.VALIDATION, e.kind());
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORDERS_READER", "ABC", "A1_", "XYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY"})
    void namesAccepted(String name) {
        assertEquals(name, RoleRules.name(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AB", "orders", "1ABC", "_ABC", "ORDERS-READER", "ORDERS READER", "ÄBC", "XYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY"})
    void namesRefused(String name) {
        assertTrue(refusal(() -> RoleRules.name(name)).startsWith("name: "));
    }

    @Test
    void anUnscopedRole() {
        Role role = RoleRules.definition("ORDERS_READER", " Reads orders ", false, List.of("GET /v1/orders/**", "HEAD /v1/orders/*"));
        assertEquals("Reads orders", role.description());
        assertEquals(List.of("GET /v1/orders/**", "HEAD /v1/orders/*"), role.permissions().stream().map(Permission::toString).toList());
        assertEquals("", RoleRules.definition("ORDERS_READER", null, false, List.of("GET /v1/orders")).description());
    }

    @Test
    void aScopedRoleHoldsTheWorkspaceInEveryPermission() {
        Role role = RoleRules.definition("WS_BILLING", "", true, List.of("GET /v1/workspaces/{workspaceId}/billing/**"));
        assertTrue(role.scoped());
        assertTrue(refusal(() -> RoleRules.definition("WS_BILLING", "", true,
                List.of("GET /v1/workspaces/{workspaceId}/billing", "GET /v1/orders"))).startsWith("permissions: a scoped role"));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false,
                List.of("GET /v1/workspaces/{workspaceId}"))).startsWith("permissions: only a scoped role"));
    }

    @Test
    void definitionsRefused() {
        List<String> ok = List.of("GET /v1/orders/**");
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", null, ok)).startsWith("scoped: "));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "x".repeat(501), false, ok)).startsWith("description: "));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "a\u0000b", false, ok)).startsWith("description: "));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "\ud800", false, ok)).startsWith("description: "));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, null)).startsWith("permissions: "));
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, List.of())).startsWith("permissions: "));
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "GET /v1/o" + i).toList();
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, many)).startsWith("permissions: "));
        assertEquals(100, RoleRules.definition("ORDERS", "", false, many.subList(0, 100)).permissions().size());
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, List.of("GET /v1/a", "GET /v1/a"))).contains("twice"));
        for (String bad : new String[] {"GET", "FETCH /v1/a", "GET v1/a", "GET /v1//a", "GET /v1/a/", "GET /v1/**/a",
                "GET /v1/..", "GET /v1/<x>", "get /v1/a"}) {
            assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, List.of(bad))).startsWith("permissions: "), bad);
        }
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertTrue(refusal(() -> RoleRules.definition("ORDERS", "", false, withNull)).startsWith("permissions: "));
    }

    @Test
    void tokenPermissions() {
        assertNull(RoleRules.tokenPermissions(null), "absent: the owner's full permissions");
        assertEquals(1, RoleRules.tokenPermissions(List.of("GET /v1/orders/*")).size());
        assertEquals(1, RoleRules.tokenPermissions(List.of("GET /v1/workspaces/{workspaceId}/x")).size());
        refusal(() -> RoleRules.tokenPermissions(List.of()));
        refusal(() -> RoleRules.tokenPermissions(IntStream.range(0, 51).mapToObj(i -> "GET /v1/o" + i).toList()));
        refusal(() -> RoleRules.tokenPermissions(List.of("GET /v1/a", "GET /v1/a")));
    }

    @Test
    void aRefusedPermissionIsEchoedAsTheCallerWroteItButNeverAControlCharacter() {
        assertEquals("permissions: 'GET v1/orders/{id}' is not METHOD /path-pattern (see API.md, Roles)",
                refusal(() -> RoleRules.tokenPermissions(List.of("GET v1/orders/{id}"))));
        String refused = refusal(() -> RoleRules.tokenPermissions(List.of("GET /v1/a\nFORGED /v1/b\u202e\u00e9")));
        assertEquals("permissions: 'GET /v1/a?FORGED /v1/b??' is not METHOD /path-pattern (see API.md, Roles)", refused);
    }
}
