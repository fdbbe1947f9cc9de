package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The roles listing, and the audit trail: one event per successful change, none for a refused one. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class AuditAndRolesTest {

    private static Map<String, Object> newestEvent() {
        return asAdmin().queryParam("limit", 1).get("/v1/audit").then().statusCode(200)
                .extract().jsonPath().getMap("items[0]");
    }

    private static int auditCount() {
        return Api.itemCounts().get("audit");
    }

    @Test
    void rolesListsTheFourSeededRoles() {
        JsonPath roles = asAdmin().get("/v1/roles").then().statusCode(200)
                .body("items.name", hasItems("DEVELOPER", "GLOBAL_USER_ADMIN", "WORKSPACE_MANAGER",
                        "WORKSPACE_VIEWER"))
                .extract().jsonPath();
        assertEquals(Set.of("name", "scoped", "description", "permissions", "builtIn"), roles.getMap("items[0]").keySet());
        for (String builtIn : List.of("DEVELOPER", "GLOBAL_USER_ADMIN", "WORKSPACE_MANAGER", "WORKSPACE_VIEWER")) {
            assertEquals(true, roles.getBoolean("items[" + roles.getList("items.name").indexOf(builtIn) + "].builtIn"));
        }
        int manager = roles.getList("items.name").indexOf("WORKSPACE_MANAGER");
        assertEquals(true, roles.getBoolean("items[" + manager + "].scoped"));
        assertEquals(List.of("* /v1/workspaces/{workspaceId}/**"), roles.getList("items[" + manager + "].permissions"));
        int developer = roles.getList("items.name").indexOf("DEVELOPER");
        assertEquals(List.of("GET /v1/me", "POST /v1/me/token/rotate"), roles.getList("items[" + developer + "].permissions"));
    }

    @Test
    void everyChangeWritesExactlyOneEventWithTheContractFields() {
        int before = auditCount();
        String user = Api.createDeveloper();
        assertEquals(before + 1, auditCount());
        Map<String, Object> created = newestEvent();
        assertEquals(Set.of("at", "actorUserId", "action", "targetUserId", "tokenId", "roleName", "detail"), created.keySet());
        assertNull(created.get("roleName"));
        assertNull(created.get("detail"));
        assertEquals("USER_CREATED", created.get("action"));
        assertEquals(user, created.get("targetUserId"));
        assertEquals(LocalDynamoResource.adminId(), created.get("actorUserId"));
        assertNull(created.get("tokenId"));
        Instant.parse((String) created.get("at"));

        String token = Api.issueToken(user);
        String tokenId = as(token).get("/v1/me").then().extract().path("tokenId");
        assertEquals(before + 2, auditCount());
        assertEquals("TOKEN_CREATED", newestEvent().get("action"));
        assertEquals(tokenId, newestEvent().get("tokenId"));

        asAdmin().contentType("application/json").body(Map.of("firstName", "G")).patch("/v1/users/" + user)
                .then().statusCode(200);
        assertEquals(before + 3, auditCount());
        assertEquals("USER_UPDATED", newestEvent().get("action"));

        asAdmin().delete("/v1/users/" + user + "/tokens/" + tokenId).then().statusCode(204);
        assertEquals(before + 4, auditCount());
        assertEquals("TOKEN_REVOKED", newestEvent().get("action"));
        assertEquals(tokenId, newestEvent().get("tokenId"));

        asAdmin().delete("/v1/users/" + user).then().statusCode(204);
        assertEquals(before + 5, auditCount());
        assertEquals("USER_DELETED", newestEvent().get("action"));
    }

    @Test
    void refusedChangesWriteNoEvent() {
        String user = Api.createDeveloper();
        int before = auditCount();
        asAdmin().contentType("application/json").body(Map.of("firstName", "")).patch("/v1/users/" + user)
                .then().statusCode(400);
        asAdmin().delete("/v1/users/usr_00000000000000000000").then().statusCode(404);
        asAdmin().contentType("application/json").body(Map.of("label", "")).post("/v1/users/" + user + "/tokens")
                .then().statusCode(400);
        as(Api.issueToken(Api.createDeveloper())).delete("/v1/users/" + user).then().statusCode(403);
        // The two successful arrangements above (create user, issue token) wrote their two events.
        assertEquals(before + 2, auditCount());
    }

    @Test
    void auditIsNewestFirstAndPagesWithoutRepeats() {
        for (int i = 0; i < 3; i++) {
            Api.createDeveloper();
        }
        List<String> ats = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonPath page : Api.pages("/v1/audit", 2, 10)) {
            for (Map<String, Object> event : page.<Map<String, Object>>getList("items")) {
                ats.add((String) event.get("at"));
                assertTrue(seen.add(event.toString()), "repeated " + event);
            }
        }
        assertTrue(ats.size() >= 3);
        for (int i = 1; i < ats.size(); i++) {
            assertTrue(!Instant.parse(ats.get(i)).isAfter(Instant.parse(ats.get(i - 1))), "newest first: " + ats);
        }
    }
}
