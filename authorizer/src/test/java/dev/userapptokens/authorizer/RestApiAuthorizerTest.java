package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The REST API handler (TOKEN and REQUEST types, IAM policy), invoked through the mock event
 * server against the local DynamoDB. The returned policies are evaluated the way API Gateway
 * evaluates them ({@link IamPolicy}) and compared with core's access policy route by route.
 */
@QuarkusTest
@TestProfile(RestApiProfile.class)
class RestApiAuthorizerTest {

    static final String DENY_ALL = "{\"principalId\":\"anonymous\",\"policyDocument\":{\"Version\":\"2012-10-17\","
            + "\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Deny\",\"Resource\":[\"*\"]}]}}";

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** Routes inside and just outside every built-in grant, unsafe spellings included. */
    static final List<String> PATHS = List.of("/", "/v1", "/v1/me", "/v1/me/x", "/v1/mex", "/v1/users", "/v1/users/u1",
            "/v1/users/u1/tokens", "/v1/users/u1/tokens/t1", "/v1/usersx", "/v1/usersx/u1", "/x/v1/users",
            "/x/v1/users/u1", "/v1/roles", "/v1/roles/DEVELOPER", "/v1/audit", "/v1/audit/x", "/v1/auditx",
            "/v1/workspaces", "/v1/workspaces/ws-1", "/v1/workspaces/ws-1/a", "/v1/workspaces/ws-1/a/b",
            "/v1/workspaces/ws-2/a", "/v1/workspaces/ws-10/a", "/v1/workspaces/ws-1x", "/v1/workspaces/ws-1x/a",
            "/v1/workspaces/WS-1/a", "/x/v1/workspaces/ws-1/a", "/v2/workspaces/ws-1/a", "/v1/users/../x",
            "/v1/users/./u1", "/v1/users/..", "/v1/users/.", "/v1/users//u1", "/v1/users/%2e%2e/x",
            "/v1/workspaces/ws-1/%2e%2e/ws-2", "/v1/workspaces/ws-1/../ws-2", "/v1/workspaces/ws-1//a",
            "/v1/users/u1/", "/v1/me/", "/v1/workspaces/ws-1/..\\ws-2", "/v1/users/\u00e9", "/v1/users/a\\b",
            "/v1/workspaces/ws-1/" + "a".repeat(2100));

    @Inject
    DynamoWiring app;

    @Inject
    DynamoDbClient dynamo;

    private static JsonNode invoke(ObjectNode event) {
        return Lambda.invokeJson(event.toString());
    }

    private static JsonNode policyFor(Users.Holder who) {
        return invoke(TestEvents.restToken("GET", "/v1/me", who.bearer())).get("policyDocument");
    }

    private static Principal principal(Users.Holder who) {
        return new Principal(who.user().id(), who.user().email(), who.issued().info().id(), who.user().roles(),
                who.issued().info().permissions());
    }

    /**
     * The policy cached for this user is never broader than core (every route it allows, core
     * allows) and covers every route in {@code covered}.
     */
    private void assertPolicyMatchesPermissions(Users.Holder who, JsonNode policy, List<String> covered) {
        Principal principal = principal(who);
        List<String> wrong = new ArrayList<>();
        for (String method : METHODS) {
            for (String path : PATHS) {
                boolean iam = IamPolicy.allows(policy, TestEvents.methodArn(method, path));
                boolean core = app.accessPolicy().allows(principal, method, path);
                if (iam && !core) {
                    wrong.add("policy allows what the permissions do not: " + method + " " + path);
                }
            }
        }
        for (String route : covered) {
            String[] r = route.split(" ", 2);
            if (!IamPolicy.allows(policy, TestEvents.methodArn(r[0], r[1]))) {
                wrong.add("policy does not cover permitted route " + route);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void tokenTypeAllowCarriesPrincipalPolicyAndContext() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        JsonNode response = invoke(TestEvents.restToken("GET", "/v1/me", dev.bearer()));
        assertEquals(List.of("principalId", "policyDocument", "context"), fieldNames(response));
        assertEquals(dev.user().id(), response.get("principalId").textValue());
        JsonNode policy = response.get("policyDocument");
        assertEquals(List.of("Version", "Statement"), fieldNames(policy));
        assertEquals("2012-10-17", policy.get("Version").textValue());
        for (JsonNode statement : policy.get("Statement")) {
            assertEquals(List.of("Action", "Effect", "Resource"), fieldNames(statement));
            assertEquals("execute-api:Invoke", statement.get("Action").textValue());
            assertTrue(statement.get("Resource").isArray() && statement.get("Resource").size() > 0);
        }
        JsonNode allow = policy.get("Statement").get(0);
        assertEquals("Allow", allow.get("Effect").textValue());
        assertEquals(List.of(TestEvents.methodArn("GET", "/v1/me"), TestEvents.methodArn("POST", "/v1/me/token/rotate")), IamPolicy.resources(allow.get("Resource")));
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/me")));
        assertEquals(Map.of("userId", dev.user().id(), "email", dev.user().email(), "tokenId", dev.issued().info().id(),
                "roles", "DEVELOPER"), Lambda.JSON.convertValue(response.get("context"), Map.class));
        assertFalse(response.toString().contains("null"), "no null anywhere: " + response);
    }

    @Test
    void requestTypeReadsTheAuthorizationHeaderInAnyCase() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        JsonNode response = invoke(TestEvents.restRequest("POST", "/v1/users", admin.bearer()));
        assertEquals(admin.user().id(), response.get("principalId").textValue());
        assertTrue(IamPolicy.allows(response.get("policyDocument"), TestEvents.methodArn("POST", "/v1/users")));

        ObjectNode lower = TestEvents.restRequest("POST", "/v1/users", null);
        ((ObjectNode) lower.get("headers")).put("authorization", "bearer " + admin.token());
        assertTrue(IamPolicy.allows(invoke(lower).get("policyDocument"), TestEvents.methodArn("POST", "/v1/users")));

        ObjectNode onlyMulti = TestEvents.restRequest("POST", "/v1/users", admin.bearer());
        onlyMulti.remove("headers");
        assertTrue(IamPolicy.allows(invoke(onlyMulti).get("policyDocument"), TestEvents.methodArn("POST", "/v1/users")));
    }

    @Test
    void unauthenticatedGetsDenyOnEverything() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        String unknown = new dev.userapptokens.core.tokens.TokenFormat().generate();
        for (String header : new String[] {null, "", "Bearer", "Basic abc", "Bearer " + unknown, dev.token()}) {
            assertEquals(DENY_ALL, Lambda.invoke(TestEvents.restToken("GET", "/v1/me", header).toString()), header);
            assertEquals(DENY_ALL, Lambda.invoke(TestEvents.restRequest("GET", "/v1/me", header).toString()), header);
        }
        Users.Holder noDeveloper = Users.holder(app, RoleAssignment.of("GLOBAL_USER_ADMIN"));
        assertEquals(DENY_ALL, Lambda.invoke(TestEvents.restToken("GET", "/v1/users", noDeveloper.bearer()).toString()));
    }

    @Test
    void developerPolicyCoversOnlyGetMe() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertPolicyMatchesPermissions(dev, policyFor(dev), List.of("GET /v1/me"));
    }

    @Test
    void globalUserAdminPolicyCoversItsRoutesAndNoOthers() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        JsonNode policy = policyFor(admin);
        assertPolicyMatchesPermissions(admin, policy, List.of("GET /v1/me", "GET /v1/users",
                "POST /v1/users", "GET /v1/roles", "GET /v1/audit", "HEAD /v1/users", "OPTIONS /v1/roles"));
        // below a '**' nothing can be written exactly (IAM's '*' also matches what core refuses): asked for each time
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("PATCH", "/v1/users/u1")));
        JsonNode asked = invoke(TestEvents.restToken("PATCH", "/v1/users/u1", admin.bearer())).get("policyDocument");
        assertTrue(IamPolicy.allows(asked, TestEvents.methodArn("PATCH", "/v1/users/u1")));
    }

    @Test
    void workspacePoliciesAreScopedToTheUsersWorkspaces() {
        Users.Holder manager = Users.holder(app, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-2"));
        JsonNode policy = policyFor(manager);
        assertPolicyMatchesPermissions(manager, policy, List.of("GET /v1/workspaces/ws-1", "POST /v1/workspaces/ws-1",
                "DELETE /v1/workspaces/ws-1", "GET /v1/workspaces/ws-2", "GET /v1/me"));
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("POST", "/v1/workspaces/ws-2/a")));
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/workspaces/ws-3/a")));
        for (JsonNode statement : policy.get("Statement")) {
            if (statement.get("Effect").textValue().equals("Allow")) {
                for (String resource : IamPolicy.resources(statement.get("Resource"))) {
                    assertTrue(resource.startsWith(TestEvents.STAGE_PREFIX), resource);
                    assertFalse(resource.contains("{workspaceId}") || resource.contains("ws-3"), resource);
                }
            }
        }
    }

    @Test
    void aRouteOutsideThePermissionsIsDeniedButTheCachedPolicyStillServesTheOthers() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"));
        JsonNode response = invoke(TestEvents.restToken("DELETE", "/v1/workspaces/ws-1/a", dev.bearer()));
        assertEquals(dev.user().id(), response.get("principalId").textValue());
        JsonNode policy = response.get("policyDocument");
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("DELETE", "/v1/workspaces/ws-1/a")));
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/workspaces/ws-1")));
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/me")));
        assertPolicyMatchesPermissions(dev, policy, List.of("GET /v1/me", "GET /v1/workspaces/ws-1"));
        assertEquals("DEVELOPER,WORKSPACE_VIEWER:ws-1", response.get("context").get("roles").textValue());
    }

    @Test
    void aTokenWithPermissionsGetsAPolicyWithinBothLists() {
        Users.Holder narrowed = Users.narrowedHolder(app, List.of("GET /v1/users/**", "GET /v1/me"),
                RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        JsonNode policy = policyFor(narrowed);
        assertPolicyMatchesPermissions(narrowed, policy, List.of("GET /v1/me", "GET /v1/users"));
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("POST", "/v1/users")));
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/audit")));
        JsonNode deniedRoute = invoke(TestEvents.restToken("DELETE", "/v1/users/u1", narrowed.bearer()));
        assertFalse(IamPolicy.allows(deniedRoute.get("policyDocument"), TestEvents.methodArn("DELETE", "/v1/users/u1")),
                "the route asked for is outside the token's list");
        JsonNode below = invoke(TestEvents.restToken("GET", "/v1/users/u1", narrowed.bearer())).get("policyDocument");
        assertTrue(IamPolicy.allows(below, TestEvents.methodArn("GET", "/v1/users/u1")));
    }

    @Test
    void unsafePathsAreDeniedEvenUnderAPermittedPrefix() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        for (String path : List.of("/v1/users/%2e%2e/x", "/v1/users/../x", "/v1/users//x", "/v1/users/./x", "/v1/users/..")) {
            JsonNode response = invoke(TestEvents.restToken("GET", path, admin.bearer()));
            assertFalse(IamPolicy.allows(response.get("policyDocument"), TestEvents.methodArn("GET", path)), path);
            assertFalse(IamPolicy.allows(policyFor(admin), TestEvents.methodArn("GET", path)), "cached: " + path);
        }
    }

    @Test
    void aPermissionThatCannotBeWrittenExactlyAllowsOnlyTheRouteAsked() {
        dynamo.putItem(p -> p.tableName(rolesTable()).item(Map.of(
                "name", AttributeValue.fromS("THING_READER"),
                "scoped", AttributeValue.fromBool(false),
                "description", AttributeValue.fromS("test role with a one-segment wildcard"),
                "permissions", AttributeValue.fromL(List.of(AttributeValue.fromS("GET /v1/things/*/items"))))));
        app.roles().refresh();
        Users.Holder reader = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("THING_READER"));
        JsonNode policy = invoke(TestEvents.restToken("GET", "/v1/things/t1/items", reader.bearer())).get("policyDocument");
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/things/t1/items")));
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/things/t1/x/items")),
                "'*' would have matched two segments");
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/things/t2/items")),
                "not written as a resource: asked for again after the cache expires (under-grant, safe)");

        JsonNode literalStar = invoke(TestEvents.restToken("GET", "/v1/things/*/items", reader.bearer())).get("policyDocument");
        for (JsonNode statement : literalStar.get("Statement")) {
            if (statement.get("Effect").textValue().equals("Allow")) {
                assertFalse(IamPolicy.resources(statement.get("Resource")).contains(TestEvents.methodArn("GET", "/v1/things/*/items")),
                        "a path holding '*' is never echoed into an Allow");
            }
        }
    }

    @Test
    void aCustomRoleOfTheRoleEndpointsGrantsItsRoutesInThePolicyAndNoOthers() {
        String name = "ORDERS_READER_REST";
        app.roleDefinitions().put(Users.ADMIN, name, "Reads orders", false, List.of("GET /v1/orders/**"));
        Users.Holder reader = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of(name));
        JsonNode response = invoke(TestEvents.restToken("GET", "/v1/orders/1", reader.bearer()));
        assertEquals("DEVELOPER," + name, response.get("context").get("roles").textValue());
        JsonNode policy = response.get("policyDocument");
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/orders/1")));
        assertTrue(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/orders")), "the prefix of the '**'");
        for (String denied : List.of("POST /v1/orders/1", "DELETE /v1/orders/1", "GET /v1/ordersx", "GET /v1/users",
                "GET /v1/orders/../users")) {
            String[] r = denied.split(" ", 2);
            assertFalse(IamPolicy.allows(policy, TestEvents.methodArn(r[0], r[1])), denied);
        }
        JsonNode post = invoke(TestEvents.restRequest("POST", "/v1/orders/1", reader.bearer())).get("policyDocument");
        assertFalse(IamPolicy.allows(post, TestEvents.methodArn("POST", "/v1/orders/1")));
        assertPolicyMatchesPermissions(reader, policy, List.of("GET /v1/me"));
        app.users().delete(Users.ADMIN, reader.user().id());
        app.roleDefinitions().delete(Users.ADMIN, name);
    }

    @Test
    void revocationTakesEffectOnTheNextInvocation() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertTrue(IamPolicy.allows(policyFor(dev), TestEvents.methodArn("GET", "/v1/me")));
        app.tokens().revoke(Users.ADMIN, dev.user().id(), dev.issued().info().id());
        assertEquals(DENY_ALL, Lambda.invoke(TestEvents.restToken("GET", "/v1/me", dev.bearer()).toString()));
    }

    @Test
    void severalAuthorizationValuesAreDenied() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        ObjectNode twoValues = TestEvents.restRequest("GET", "/v1/me", dev.bearer());
        ((com.fasterxml.jackson.databind.node.ArrayNode) twoValues.get("multiValueHeaders").get("Authorization"))
                .add(dev.bearer());
        assertEquals(DENY_ALL, Lambda.invoke(twoValues.toString()), "two values in multiValueHeaders");

        ObjectNode twoNames = TestEvents.restRequest("GET", "/v1/me", dev.bearer());
        ((ObjectNode) twoNames.get("headers")).put("authorization", dev.bearer());
        assertEquals(DENY_ALL, Lambda.invoke(twoNames.toString()), "Authorization and authorization");

        ObjectNode disagree = TestEvents.restRequest("GET", "/v1/me", dev.bearer());
        ((ObjectNode) disagree.get("headers")).put("Authorization", "Bearer other");
        assertEquals(DENY_ALL, Lambda.invoke(disagree.toString()), "headers and multiValueHeaders disagree");

        assertEquals(DENY_ALL, Lambda.invoke(TestEvents.restToken("GET", "/v1/me", dev.bearer() + ", " + dev.bearer()).toString()),
                "comma-joined token");
        assertTrue(IamPolicy.allows(policyFor(dev), TestEvents.methodArn("GET", "/v1/me")), "one value is fine");
    }

    @Test
    void aMalformedEventOrMethodArnIsDenied() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        List<String> arns = List.of("", "arn", "arn:aws:execute-api:eu-west-1:123456789012:abc/prod",
                "arn:aws:lambda:eu-west-1:123456789012:abc/prod/GET/v1/me",
                "arn:aws:execute-api:eu-west-1:123456789012:abc/*/GET/v1/me",
                "arn:aws:execute-api:eu-west-1:*:abc/prod/GET/v1/me", "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/*/v1/me",
                "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/get/v1/me", "arn:aws:execute-api::123456789012:abc/prod/GET/v1/me",
                "arn:aws:execute-api:eu-west-1:123456789012:ab?/prod/GET/v1/me");
        for (String arn : arns) {
            ObjectNode event = TestEvents.restToken("GET", "/v1/me", dev.bearer());
            event.put("methodArn", arn);
            assertEquals(DENY_ALL, Lambda.invoke(event.toString()), arn);
        }
        for (String type : new String[] {null, "token", "JWT", ""}) {
            ObjectNode event = TestEvents.restToken("GET", "/v1/me", dev.bearer());
            if (type == null) {
                event.remove("type");
            } else {
                event.put("type", type);
            }
            assertEquals(DENY_ALL, Lambda.invoke(event.toString()), "type " + type);
        }
        ObjectNode numericToken = TestEvents.restToken("GET", "/v1/me", null);
        numericToken.put("authorizationToken", 42);
        assertEquals(DENY_ALL, Lambda.invoke(numericToken.toString()));
        for (String raw : List.of("not json", "{", "[]", "null", "{}", "{\"type\":\"TOKEN\"}")) {
            assertEquals(DENY_ALL, Lambda.invoke(raw), raw);
        }
    }

    @Test
    void theStageComesFromTheMethodArnAndIsNotPartOfThePath() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        ObjectNode event = TestEvents.restToken("GET", "/v1/me", dev.bearer());
        String otherStage = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/v1/GET/v1/me";
        event.put("methodArn", otherStage);
        JsonNode policy = invoke(event).get("policyDocument");
        assertTrue(IamPolicy.allows(policy, otherStage), "stage 'v1' stripped, path /v1/me");
        assertFalse(IamPolicy.allows(policy, TestEvents.methodArn("GET", "/v1/me")), "another stage is not covered");
        ObjectNode root = TestEvents.restToken("GET", "/", dev.bearer());
        assertFalse(IamPolicy.allows(invoke(root).get("policyDocument"), TestEvents.methodArn("GET", "/")));
    }

    @Test
    void theSampleEventsInInfraEventsAnswerAsTheirNamesSay() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        String sampleArn = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/Prod/";
        for (String name : List.of("rest-api-token-allow.json", "rest-api-request-allow.json")) {
            JsonNode response = Lambda.invokeJson(SampleEvents.load(name, dev.token()));
            assertEquals(dev.user().id(), response.get("principalId").textValue(), name);
            assertTrue(IamPolicy.allows(response.get("policyDocument"), sampleArn + "GET/v1/me"), name);
        }
        assertEquals(DENY_ALL, Lambda.invoke(SampleEvents.load("rest-api-token-deny.json", dev.token())));
        JsonNode routeDeny = Lambda.invokeJson(SampleEvents.load("rest-api-request-deny.json", dev.token()));
        assertFalse(IamPolicy.allows(routeDeny.get("policyDocument"), sampleArn + "DELETE/v1/me"));
        assertTrue(IamPolicy.allows(routeDeny.get("policyDocument"), sampleArn + "GET/v1/me"));
    }

    private String rolesTable() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(Tables.ROLES_ENV, String.class);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

}
