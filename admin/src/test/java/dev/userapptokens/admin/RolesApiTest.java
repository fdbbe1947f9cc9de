package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The roles endpoints (API.md "Custom roles", {@code GET/PUT/DELETE /v1/roles...}) through the real
 * function: create, replace, read, list, delete; every refused body a 400 that writes nothing; the
 * built-in roles immutable; a held role neither deleted nor changing {@code scoped}; holder counts
 * kept by every user change; one audit event per change; a custom role assignable and granting
 * at once.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class RolesApiTest {

    private static final String READER = "{\"description\":\"Reads orders\",\"scoped\":false,\"permissions\":[\"GET /v1/orders/**\"]}";

    /** Roles this test made: deleted after each test (and their users first), so the roles list stays small. */
    private final List<String> made = new ArrayList<>();
    private final List<String> users = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        users.forEach(id -> asAdmin().delete("/v1/users/" + id));
        made.forEach(name -> asAdmin().delete("/v1/roles/" + name));
    }

    private String name(String base) {
        String name = base + "_" + System.nanoTime();
        made.add(name);
        return name;
    }

    private static Response put(String name, String body) {
        return asAdmin().contentType("application/json").body(body).put("/v1/roles/" + name);
    }

    private String user(String... customRoles) {
        List<Object> roles = new ArrayList<>(List.of(Map.of("name", "DEVELOPER")));
        for (String role : customRoles) {
            roles.add(Map.of("name", role));
        }
        String id = Api.createUser("NON_INTERACTIVE", roles);
        users.add(id);
        return id;
    }

    private static Map<String, AttributeValue> item(String name) {
        return LocalDynamoResource.dynamo().client().getItem(g -> g.tableName(LocalDynamoResource.tables().roles())
                .key(Map.of("name", AttributeValue.fromS(name))).consistentRead(true)).item();
    }

    private static long holders(String name) {
        return Long.parseLong(item(name).get("holders").n());
    }

    private static Map<String, Object> newestEvent() {
        return asAdmin().queryParam("limit", 1).get("/v1/audit").then().statusCode(200)
                .extract().jsonPath().getMap("items[0]");
    }

    private static void assertProblem(Response response, int status, String code) {
        response.then().statusCode(status).contentType("application/problem+json");
        assertEquals(code, response.jsonPath().getString("code"), response.asString());
    }

    @Test
    void aRoleIsCreatedReadListedReplacedAndDeleted() {
        String name = name("ORDERS_READER");
        Response created = put(name, READER);
        created.then().statusCode(201).header("Location", "/v1/roles/" + name);
        JsonPath role = created.jsonPath();
        assertEquals(Set.of("name", "scoped", "description", "permissions", "builtIn"), role.getMap("").keySet());
        assertEquals(name, role.getString("name"));
        assertEquals(false, role.getBoolean("scoped"));
        assertEquals("Reads orders", role.getString("description"));
        assertEquals(List.of("GET /v1/orders/**"), role.getList("permissions"));
        assertEquals(false, role.getBoolean("builtIn"));
        assertEquals(role.getMap(""), asAdmin().get("/v1/roles/" + name).then().statusCode(200).extract().jsonPath().getMap(""));

        JsonPath list = asAdmin().get("/v1/roles").then().statusCode(200).extract().jsonPath();
        List<String> names = list.getList("items.name");
        assertEquals(names.stream().sorted().toList(), names, "by name");
        assertEquals(role.getMap(""), list.getMap("items[" + names.indexOf(name) + "]"));

        Response replaced = put(name, "{\"scoped\":false,\"permissions\":[\"GET /v1/orders/*\",\"HEAD /v1/orders/*\"]}");
        replaced.then().statusCode(200);
        assertEquals(List.of("GET /v1/orders/*", "HEAD /v1/orders/*"), replaced.jsonPath().getList("permissions"));
        assertEquals("", replaced.jsonPath().getString("description"));
        assertEquals(replaced.jsonPath().getMap(""), asAdmin().get("/v1/roles/" + name).then().extract().jsonPath().getMap(""));

        asAdmin().delete("/v1/roles/" + name).then().statusCode(204);
        assertProblem(asAdmin().get("/v1/roles/" + name), 404, "NOT_FOUND");
        assertProblem(asAdmin().delete("/v1/roles/" + name), 404, "NOT_FOUND");
        assertTrue(item(name).isEmpty());
    }

    @Test
    void eachChangeWritesExactlyOneAuditEventNamingTheRole() {
        String name = name("AUDITED");
        int before = Api.itemCounts().get("audit");
        List<String> actions = new ArrayList<>();
        put(name, READER).then().statusCode(201);
        assertEquals(before + 1, Api.itemCounts().get("audit"));
        Map<String, Object> event = newestEvent();
        actions.add((String) event.get("action"));
        assertEquals(name, event.get("roleName"));
        assertEquals(LocalDynamoResource.adminId(), event.get("actorUserId"));
        assertEquals(null, event.get("targetUserId"));
        assertEquals(null, event.get("tokenId"));
        assertEquals(null, event.get("detail"));
        put(name, READER).then().statusCode(200);
        assertEquals(before + 2, Api.itemCounts().get("audit"));
        actions.add((String) newestEvent().get("action"));
        assertEquals(name, newestEvent().get("roleName"));
        asAdmin().delete("/v1/roles/" + name).then().statusCode(204);
        assertEquals(before + 3, Api.itemCounts().get("audit"));
        actions.add((String) newestEvent().get("action"));
        assertEquals(name, newestEvent().get("roleName"));
        assertEquals(List.of("ROLE_CREATED", "ROLE_UPDATED", "ROLE_DELETED"), actions);
    }

    static Stream<Arguments> refusedBodies() {
        String many = String.join(",", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"GET /v1/o/" + i + "\"").toList());
        return Stream.of(
                Arguments.of("lowercase name", "orders_reader", READER, "name"),
                Arguments.of("name too short", "OR", READER, "name"),
                Arguments.of("name too long", "O".repeat(65), READER, "name"),
                Arguments.of("name with a dash", "ORDERS-READER", READER, "name"),
                Arguments.of("scoped missing", "NEW_ROLE", "{\"permissions\":[\"GET /v1/orders\"]}", "scoped"),
                Arguments.of("scoped null", "NEW_ROLE", "{\"scoped\":null,\"permissions\":[\"GET /v1/orders\"]}", "scoped"),
                Arguments.of("scoped a string", "NEW_ROLE", "{\"scoped\":\"false\",\"permissions\":[\"GET /v1/orders\"]}", "scoped"),
                Arguments.of("scoped a number", "NEW_ROLE", "{\"scoped\":0,\"permissions\":[\"GET /v1/orders\"]}", "scoped"),
                Arguments.of("permissions missing", "NEW_ROLE", "{\"scoped\":false}", "permissions"),
                Arguments.of("permissions empty", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[]}", "permissions"),
                Arguments.of("permissions a string", "NEW_ROLE", "{\"scoped\":false,\"permissions\":\"GET /v1/orders\"}", "permissions"),
                Arguments.of("permission null", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[null]}", "permissions"),
                Arguments.of("permission a number", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[5]}", "permissions"),
                Arguments.of("101 permissions", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[" + many + "]}", "permissions"),
                Arguments.of("a duplicate", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1/o\",\"GET /v1/o\"]}", "permissions"),
                Arguments.of("unknown method", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"FETCH /v1/o\"]}", "permissions"),
                Arguments.of("lowercase method", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"get /v1/o\"]}", "permissions"),
                Arguments.of("no path", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET\"]}", "permissions"),
                Arguments.of("empty segment", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1//o\"]}", "permissions"),
                Arguments.of("trailing slash", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1/o/\"]}", "permissions"),
                Arguments.of("dot segment", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1/../o\"]}", "permissions"),
                Arguments.of("** not last", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1/**/o\"]}", "permissions"),
                Arguments.of("unscoped with {workspaceId}", "NEW_ROLE",
                        "{\"scoped\":false,\"permissions\":[\"GET /v1/w/{workspaceId}\"]}", "permissions"),
                Arguments.of("scoped without {workspaceId}", "NEW_ROLE", "{\"scoped\":true,\"permissions\":[\"GET /v1/o\"]}",
                        "permissions"),
                Arguments.of("description too long", "NEW_ROLE",
                        "{\"description\":\"" + "d".repeat(501) + "\",\"scoped\":false,\"permissions\":[\"GET /v1/o\"]}", "description"),
                Arguments.of("description with a control character", "NEW_ROLE",
                        "{\"description\":\"a\\u0007b\",\"scoped\":false,\"permissions\":[\"GET /v1/o\"]}", "description"),
                Arguments.of("description a number", "NEW_ROLE", "{\"description\":5,\"scoped\":false,\"permissions\":[\"GET /v1/o\"]}",
                        "description"),
                Arguments.of("an unknown field", "NEW_ROLE", "{\"scoped\":false,\"permissions\":[\"GET /v1/o\"],\"builtIn\":false}",
                        "builtIn"),
                Arguments.of("no body", "NEW_ROLE", "", "body"),
                Arguments.of("a list", "NEW_ROLE", "[]", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void everyRefusedBodyIsAValidationProblemThatWritesNothing(String label, String name, String body, String field) {
        Map<String, Integer> before = Api.itemCounts();
        Response response = put(name, body);
        assertProblem(response, 400, "VALIDATION");
        response.then().body("detail", containsString(field));
        assertEquals(before, Api.itemCounts(), "a rejected request writes nothing");
        assertProblem(asAdmin().get("/v1/roles/" + name), 404, "NOT_FOUND");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedAndWritesNothing() {
        Map<String, Integer> before = Api.itemCounts();
        assertProblem(put("NEW_ROLE", "{\"scoped\":false,"), 400, "MALFORMED_JSON");
        assertEquals(before, Api.itemCounts());
    }

    /**
     * JAX-RS drops a path parameter ({@code ;x}) before binding: {@code PUT /v1/roles/ABC;x} created
     * {@code ABC}, a name the request never gave, and a {@code DELETE} with one deleted it. The
     * route check refuses any path with one (core's RequestPath), as the authorizer does.
     */
    @Test
    void aPathParameterIsRefusedAndWritesNothing() {
        String absent = name("MATRIX_NEW");
        String existing = name("MATRIX_OLD");
        put(existing, READER).then().statusCode(201);
        Map<String, Integer> before = Api.itemCounts();
        // As API Gateway passes the path on: raw (RestAssured would send ';' encoded, which is refused anyway).
        Map<String, String> admin = Map.of("Authorization", "Bearer " + LocalDynamoResource.adminToken(),
                "Content-Type", "application/json");
        assertEquals(403, status(Api.event("PUT /v1/roles/{name}", "PUT", "/v1/roles/" + absent + ";x", admin, READER)));
        assertEquals(403, status(Api.event("PUT /v1/roles/{name}", "PUT", "/v1/roles/" + existing + ";x", admin,
                "{\"scoped\":false,\"permissions\":[\"* /v1/**\"]}")));
        assertEquals(403, status(Api.event("DELETE /v1/roles/{name}", "DELETE", "/v1/roles/" + existing + ";x", admin, null)));
        assertEquals(403, status(Api.event("GET /v1/roles/{name}", "GET", "/v1/roles/" + existing + ";x", admin, null)));
        assertEquals(before, Api.itemCounts(), "a refused request writes nothing");
        asAdmin().get("/v1/roles/" + absent).then().statusCode(404);
        asAdmin().get("/v1/roles/" + existing).then().statusCode(200).body("permissions", org.hamcrest.Matchers.contains("GET /v1/orders/**"));
    }

    /** The status the function answered an event with (the mock event server's own status is 200). */
    private static int status(Response answer) {
        assertEquals(200, answer.statusCode(), "the function answered");
        return answer.jsonPath().getInt("statusCode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEVELOPER", "GLOBAL_USER_ADMIN", "WORKSPACE_MANAGER", "WORKSPACE_VIEWER"})
    void theBuiltInRolesCannotBeReplacedNorDeleted(String name) {
        Map<String, Object> role = asAdmin().get("/v1/roles/" + name).then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(true, role.get("builtIn"));
        Map<String, Integer> before = Api.itemCounts();
        assertProblem(put(name, "{\"scoped\":false,\"permissions\":[\"* /v1/**\"]}"), 409, "CONFLICT");
        assertProblem(asAdmin().delete("/v1/roles/" + name), 409, "CONFLICT");
        assertEquals(before, Api.itemCounts());
        assertEquals(role, asAdmin().get("/v1/roles/" + name).then().statusCode(200).extract().jsonPath().getMap(""));
    }

    @Test
    void holderCountsFollowEveryUserChange() {
        String name = name("COUNTED");
        put(name, READER).then().statusCode(201);
        assertEquals(0, holders(name));
        String first = user(name);
        String second = user(name);
        assertEquals(2, holders(name));
        patchRoles(first, List.of(Map.of("name", "DEVELOPER"))).then().statusCode(200);
        assertEquals(1, holders(name));
        asAdmin().contentType("application/json").body(Map.of("firstName", "Renamed")).patch("/v1/users/" + first)
                .then().statusCode(200);
        assertEquals(1, holders(name), "a rename does not count");
        patchRoles(first, List.of(Map.of("name", "DEVELOPER"), Map.of("name", name))).then().statusCode(200);
        assertEquals(2, holders(name));
        patchRoles(first, List.of(Map.of("name", name), Map.of("name", "DEVELOPER"))).then().statusCode(200);
        assertEquals(2, holders(name), "a role kept is not counted again");
        // a refused change counts nothing
        patchRoles(first, List.of(Map.of("name", "DEVELOPER"), Map.of("name", "NO_SUCH_ROLE"))).then().statusCode(400);
        assertEquals(2, holders(name));
        asAdmin().delete("/v1/users/" + second).then().statusCode(204);
        assertEquals(1, holders(name));
        put(name, "{\"scoped\":false,\"permissions\":[\"GET /v1/orders/*\"]}").then().statusCode(200);
        assertEquals(1, holders(name), "a replace keeps the count");
    }

    private static Response patchRoles(String userId, List<Map<String, String>> roles) {
        return asAdmin().contentType("application/json").body(Map.of("roles", roles)).patch("/v1/users/" + userId);
    }

    @Test
    void aHeldRoleIsNeitherDeletedNorChangesScopedUntilNobodyHoldsIt() {
        String name = name("HELD");
        put(name, READER).then().statusCode(201);
        String holder = user(name);
        Map<String, Integer> before = Api.itemCounts();
        String scoped = "{\"scoped\":true,\"permissions\":[\"GET /v1/workspaces/{workspaceId}/orders/**\"]}";
        assertProblem(asAdmin().delete("/v1/roles/" + name), 409, "CONFLICT");
        assertProblem(put(name, scoped), 409, "CONFLICT");
        assertEquals(before, Api.itemCounts());
        assertEquals(false, asAdmin().get("/v1/roles/" + name).then().extract().jsonPath().getBoolean("scoped"));
        put(name, "{\"scoped\":false,\"permissions\":[\"GET /v1/orders/*\"]}").then().statusCode(200);

        patchRoles(holder, List.of(Map.of("name", "DEVELOPER"))).then().statusCode(200);
        put(name, scoped).then().statusCode(200).body("scoped", org.hamcrest.Matchers.equalTo(true));
        asAdmin().delete("/v1/roles/" + name).then().statusCode(204);
    }

    @Test
    void aRoleWrittenByAnotherFunctionInstanceIsAssignableAtOnce() {
        // Core over the same tables with a catalog of its own: this function's catalog is not told.
        String name = name("ELSEWHERE");
        LocalDynamoResource.app().roleDefinitions().put("usr_elsewhere", name, null, true,
                List.of("GET /v1/workspaces/{workspaceId}/orders/**"));
        String id = Api.createUser("NON_INTERACTIVE", List.of(Map.of("name", "DEVELOPER"),
                Map.of("name", name, "workspaces", List.of("ws-1"))));
        users.add(id);
        assertEquals(1, holders(name));
        // A scoped role still needs its workspaces, like a built-in one.
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").body(Map.of("firstName", "A", "lastName", "B", "email", Api.uniqueEmail(),
                "roles", List.of(Map.of("name", name)))).post("/v1/users").then().statusCode(400);
        assertEquals(before, Api.itemCounts());
    }

    @Test
    void aDeletedRoleIsUnknownToTheNextAssignment() {
        String name = name("GONE");
        put(name, READER).then().statusCode(201);
        asAdmin().delete("/v1/roles/" + name).then().statusCode(204);
        Map<String, Integer> before = Api.itemCounts();
        Response refused = asAdmin().contentType("application/json").body(Map.of("firstName", "A", "lastName", "B",
                "email", Api.uniqueEmail(), "roles", List.of(Map.of("name", name)))).post("/v1/users");
        assertProblem(refused, 400, "VALIDATION");
        assertEquals("roles: unknown role '" + name + "'", refused.jsonPath().getString("detail"));
        assertEquals(before, Api.itemCounts());
    }

    @Test
    void aDefinitionChangeTakesEffectInThisFunctionOnTheNextRequest() {
        String name = name("AUDIT_READER");
        put(name, "{\"scoped\":false,\"permissions\":[\"GET /v1/audit\"]}").then().statusCode(201);
        String token = Api.issueToken(user(name));
        as(token).queryParam("limit", 1).get("/v1/audit").then().statusCode(200);
        assertProblem(as(token).get("/v1/token-policy"), 403, "FORBIDDEN");

        put(name, "{\"scoped\":false,\"permissions\":[\"GET /v1/token-policy\"]}").then().statusCode(200);
        assertProblem(as(token).queryParam("limit", 1).get("/v1/audit"), 403, "FORBIDDEN");
        as(token).get("/v1/token-policy").then().statusCode(200);
    }
}
