package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** 403: authenticated callers without GLOBAL_USER_ADMIN are refused by every admin endpoint. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class AuthorizationTest {

    private static final String USER = "usr_00000000000000000000";

    private static List<Function<RequestSpecification, Response>> adminEndpoints(String target) {
        return List.of(
                r -> r.get("/v1/users"),
                r -> r.get("/v1/users/" + target),
                r -> r.contentType("application/json").body(Map.of("firstName", "A", "lastName", "B",
                        "email", Api.uniqueEmail())).post("/v1/users"),
                r -> r.contentType("application/json").body(Map.of("firstName", "X")).patch("/v1/users/" + target),
                r -> r.delete("/v1/users/" + target),
                r -> r.get("/v1/users/" + target + "/tokens"),
                r -> r.contentType("application/json").body(Map.of("label", "x")).post("/v1/users/" + target + "/tokens"),
                r -> r.delete("/v1/users/" + target + "/tokens/tok_00000000000000000000"),
                r -> r.get("/v1/roles"),
                r -> r.get("/v1/audit"));
    }

    private static void assertForbiddenEverywhere(String token, String target) {
        Map<String, Integer> before = Api.itemCounts();
        for (Function<RequestSpecification, Response> endpoint : adminEndpoints(target)) {
            endpoint.apply(as(token)).then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("FORBIDDEN")).body("status", equalTo(403));
        }
        assertEquals(before, Api.itemCounts(), "a refused request writes nothing");
    }

    @Test
    void developerOnlyMayCallMeAndNothingElse() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        as(token).get("/v1/me").then().statusCode(200);
        assertForbiddenEverywhere(token, user);
    }

    @Test
    void workspaceRolesGrantNoAdminAccess() {
        String user = Api.createDeveloper(Map.of("name", "WORKSPACE_MANAGER", "workspaces", List.of("ws-1")),
                Map.of("name", "WORKSPACE_VIEWER", "workspaces", List.of("ws-2")));
        String token = Api.issueToken(user);
        assertForbiddenEverywhere(token, USER);
    }

    @Test
    void callerCannotManageItself() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        assertForbiddenEverywhere(token, user);
        as(token).get("/v1/me").then().statusCode(200);
    }
}
