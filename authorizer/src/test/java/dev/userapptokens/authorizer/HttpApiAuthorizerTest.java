package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.TokenInfo;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.UserPatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The HTTP API handler (payload 2.0, simple responses), invoked through the mock event server
 * against the local DynamoDB: allow/deny per role of API.md, the effect of changes on the next
 * invocation, header and path edge cases, the exact response shape.
 */
@QuarkusTest
@TestProfile(HttpApiProfile.class)
class HttpApiAuthorizerTest {

    @Inject
    DynamoWiring app;

    @Inject
    TestClock clock;

    private JsonNode invoke(String method, String path, String authorization) {
        return Lambda.invokeJson(TestEvents.http(method, path, authorization).toString());
    }

    private boolean allowed(String method, String path, Users.Holder who) {
        return invoke(method, path, who.bearer()).path("isAuthorized").asBoolean(false);
    }

    /** Every route in {@code allowed} is allowed and every one in {@code denied} denied; all failures listed at once. */
    private void assertRoutes(Users.Holder who, List<String> allowed, List<String> denied) {
        List<String> wrong = new ArrayList<>();
        for (String route : allowed) {
            String[] r = route.split(" ", 2);
            if (!allowed(r[0], r[1], who)) {
                wrong.add("denied but should be allowed: " + route);
            }
        }
        for (String route : denied) {
            String[] r = route.split(" ", 2);
            if (allowed(r[0], r[1], who)) {
                wrong.add("allowed but should be denied: " + route);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void developerAloneMayOnlyGetMe() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertRoutes(dev, List.of("GET /v1/me"), List.of(
                "POST /v1/me", "DELETE /v1/me", "PUT /v1/me", "GET /v1/me/tokens", "GET /v1/users", "POST /v1/users",
                "GET /v1/users/" + dev.user().id(), "GET /v1/roles", "GET /v1/audit", "GET /v1/workspaces/ws-1",
                "GET /v1/workspaces/ws-1/items", "GET /", "GET /v1", "GET /v2/me", "GET /v1/mee"));
    }

    @Test
    void globalUserAdminManagesUsersRolesAndAudit() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        assertRoutes(admin, List.of(
                "GET /v1/me", "GET /v1/users", "POST /v1/users", "GET /v1/users/usr_1", "PATCH /v1/users/usr_1",
                "DELETE /v1/users/usr_1", "POST /v1/users/usr_1/tokens", "GET /v1/users/usr_1/tokens",
                "DELETE /v1/users/usr_1/tokens/tok_1", "GET /v1/roles", "GET /v1/audit"), List.of(
                "POST /v1/me", "GET /v1/usersx", "GET /v1/workspaces/ws-1", "POST /v1/workspaces/ws-1/items",
                "GET /v1", "GET /", "GET /v2/users", "GET /x/v1/users"));
    }

    @Test
    void aTokenWithPermissionsIsAllowedOnlyWhereItsListAndItsRolesBothMatch() {
        Users.Holder narrowed = Users.narrowedHolder(app,
                List.of("GET /v1/users/**", "GET /v1/me", "GET /v1/workspaces/{workspaceId}/**"),
                RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"));
        assertRoutes(narrowed, List.of("GET /v1/me", "GET /v1/users", "GET /v1/users/usr_1/tokens",
                "GET /v1/workspaces/ws-1/items"), List.of(
                "POST /v1/users", "DELETE /v1/users/usr_1", "GET /v1/audit", "GET /v1/roles",
                "POST /v1/workspaces/ws-1/items", "GET /v1/workspaces/ws-2/items", "POST /v1/me/token/rotate"));
    }

    @Test
    void workspaceManagerOnlyForItsWorkspaces() {
        Users.Holder manager = Users.holder(app, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1", "ws-2"));
        assertRoutes(manager, List.of(
                "GET /v1/workspaces/ws-1", "GET /v1/workspaces/ws-1/items", "POST /v1/workspaces/ws-1/items",
                "PUT /v1/workspaces/ws-1/items/7", "PATCH /v1/workspaces/ws-1/items/7",
                "DELETE /v1/workspaces/ws-2/items/7", "GET /v1/workspaces/ws-2/a/b/c", "GET /v1/me"), List.of(
                "GET /v1/workspaces/ws-3", "POST /v1/workspaces/ws-3/items", "GET /v1/workspaces",
                "GET /v1/workspaces/ws-10/items", "GET /v1/workspaces/WS-1/items", "GET /v1/workspaces/ws-1x",
                "GET /v1/users", "GET /v1/workspaces/ws-1/../ws-3", "GET /v2/workspaces/ws-1"));
    }

    @Test
    void workspaceViewerOnlyReadsItsWorkspaces() {
        Users.Holder viewer = Users.holder(app, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_VIEWER", "ws-3"));
        assertRoutes(viewer, List.of("GET /v1/workspaces/ws-3", "GET /v1/workspaces/ws-3/items/1"), List.of(
                "POST /v1/workspaces/ws-3/items", "PUT /v1/workspaces/ws-3/items/1", "DELETE /v1/workspaces/ws-3",
                "PATCH /v1/workspaces/ws-3/items/1", "GET /v1/workspaces/ws-1/items", "GET /v1/workspaces"));
    }

    @Test
    void rolesCombinePerWorkspace() {
        Users.Holder both = Users.holder(app, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-2"));
        assertRoutes(both, List.of("POST /v1/workspaces/ws-1/items", "GET /v1/workspaces/ws-2/items"),
                List.of("POST /v1/workspaces/ws-2/items", "DELETE /v1/workspaces/ws-2", "GET /v1/workspaces/ws-3"));
    }

    @Test
    void withoutDeveloperNothingIsAllowed() {
        Users.Holder noDev = Users.holder(app, RoleAssignment.of("GLOBAL_USER_ADMIN"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"));
        assertRoutes(noDev, List.of(), List.of("GET /v1/me", "GET /v1/users", "POST /v1/users",
                "GET /v1/workspaces/ws-1/items"));
        Users.Holder none = Users.holder(app);
        assertRoutes(none, List.of(), List.of("GET /v1/me", "GET /v1/users"));
    }

    @Test
    void allowCarriesTheContextAndNothingElse() {
        Users.Holder manager = Users.holder(app, RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1", "ws-2"));
        JsonNode response = invoke("GET", "/v1/workspaces/ws-2/items", manager.bearer());
        assertEquals(List.of("isAuthorized", "context"), fieldNames(response));
        assertTrue(response.get("isAuthorized").isBoolean());
        assertTrue(response.get("isAuthorized").booleanValue());
        JsonNode context = response.get("context");
        assertEquals(List.of("userId", "email", "tokenId", "roles"), fieldNames(context));
        assertEquals(manager.user().id(), context.get("userId").textValue());
        assertEquals(manager.user().email(), context.get("email").textValue());
        assertEquals(manager.issued().info().id(), context.get("tokenId").textValue());
        assertEquals("DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2", context.get("roles").textValue());
        assertFalse(response.toString().contains(manager.token()), "the token is never echoed");
    }

    @Test
    void denyIsExactlyIsAuthorizedFalse() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(TestEvents.http("GET", "/v1/users", dev.bearer()).toString()));
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(TestEvents.http("GET", "/v1/me", null).toString()));
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(TestEvents.http("GET", "/v1/me", "Bearer nope").toString()));
    }

    @Test
    void revocationTakesEffectOnTheNextInvocation() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertTrue(allowed("GET", "/v1/me", dev));
        app.tokens().revoke(Users.ADMIN, dev.user().id(), dev.issued().info().id());
        assertFalse(allowed("GET", "/v1/me", dev));
    }

    @Test
    void userDeletionTakesEffectOnTheNextInvocation() {
        Users.create(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN")); // not the last admin
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        Users.Holder second = new Users.Holder(dev.user(), Users.token(app, dev.user()));
        assertTrue(allowed("GET", "/v1/users", dev));
        assertTrue(allowed("GET", "/v1/users", second));
        app.users().delete(Users.ADMIN, dev.user().id());
        assertFalse(allowed("GET", "/v1/users", dev));
        assertFalse(allowed("GET", "/v1/me", second));
    }

    @Test
    void expiryTakesEffectOnTheNextInvocation() {
        var user = Users.create(app, RoleAssignment.of("DEVELOPER"));
        Users.Holder dev = new Users.Holder(user, Users.token(app, user, clock.instant().plus(Duration.ofHours(1))));
        assertTrue(allowed("GET", "/v1/me", dev));
        clock.advance(Duration.ofMinutes(59));
        assertTrue(allowed("GET", "/v1/me", dev));
        clock.advance(Duration.ofMinutes(1));
        assertFalse(allowed("GET", "/v1/me", dev), "expired at exactly expiresAt");
    }

    @Test
    void aRotatedTokenStopsAtOnceOrAtTheEndOfItsOverlap() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        var rotated = app.tokens().rotate(Users.ADMIN, dev.user().id(), dev.issued().info().id(), 30, null, null);
        Users.Holder successor = new Users.Holder(dev.user(), rotated);
        assertTrue(allowed("GET", "/v1/me", dev), "working in its overlap");
        assertTrue(allowed("GET", "/v1/me", successor));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(allowed("GET", "/v1/me", dev));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(allowed("GET", "/v1/me", dev), "stopped at the end of its overlap");
        assertTrue(allowed("GET", "/v1/me", successor));
        app.tokens().rotate(Users.ADMIN, dev.user().id(), rotated.info().id(), null, null, null);
        assertFalse(allowed("GET", "/v1/me", successor), "without overlap: stopped on the next request");
    }

    @Test
    void roleChangeTakesEffectOnTheNextInvocation() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertFalse(allowed("POST", "/v1/workspaces/ws-7/items", dev));
        app.users().update(Users.ADMIN, dev.user().id(), new UserPatch(null, null, List.of(
                RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_MANAGER", "ws-7"))));
        assertTrue(allowed("POST", "/v1/workspaces/ws-7/items", dev));
        app.users().update(Users.ADMIN, dev.user().id(), new UserPatch(null, null, List.of(
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-7"))));
        assertFalse(allowed("POST", "/v1/workspaces/ws-7/items", dev), "DEVELOPER removed");
        assertFalse(allowed("GET", "/v1/me", dev));
    }

    @Test
    void headerNameAndSchemeAreCaseInsensitive() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        for (String name : List.of("authorization", "Authorization", "AUTHORIZATION")) {
            for (String scheme : List.of("Bearer ", "bearer ", "BEARER ", "  Bearer   ")) {
                ObjectNode event = TestEvents.http("GET", "/v1/me", null);
                ((ObjectNode) event.get("headers")).put(name, scheme + dev.token() + "  ");
                assertTrue(Lambda.invokeJson(event.toString()).get("isAuthorized").booleanValue(), name + ": " + scheme);
            }
        }
    }

    @Test
    void severalAuthorizationValuesAreDenied() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        ObjectNode joined = TestEvents.http("GET", "/v1/me", dev.bearer() + "," + dev.bearer());
        assertFalse(Lambda.invokeJson(joined.toString()).get("isAuthorized").booleanValue(), "comma-joined");
        ObjectNode twoNames = TestEvents.http("GET", "/v1/me", dev.bearer());
        ((ObjectNode) twoNames.get("headers")).put("Authorization", dev.bearer());
        assertFalse(Lambda.invokeJson(twoNames.toString()).get("isAuthorized").booleanValue(), "two header names");
        String duplicateKey = TestEvents.http("GET", "/v1/me", dev.bearer()).toString()
                .replace("\"authorization\":", "\"authorization\":\"x\",\"authorization\":");
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(duplicateKey), "duplicate JSON key");
        assertTrue(allowed("GET", "/v1/me", dev), "one value is fine");
    }

    @Test
    void malformedAndUnknownTokensAreDeniedAndOnlyWellFormedOnesAreLookedUp() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        String token = dev.token();
        String badChecksum = token.substring(0, 47) + (token.charAt(47) == '0' ? '1' : '0');
        for (String header : List.of("", "Bearer", "Bearer ", "Basic " + token, token, "Bearer " + token + " x",
                "Bearer " + badChecksum, "Bearer " + token.substring(1), "Bearer " + token + "0",
                "Bearer " + token.replace("uat_", "pat_"), "Token " + token)) {
            CountingInterceptor.reset();
            assertFalse(invoke("GET", "/v1/me", header).get("isAuthorized").booleanValue(), header);
            assertEquals(0, CountingInterceptor.total(), "no storage call for a malformed header: " + header);
        }
        String unknown = new dev.userapptokens.core.tokens.TokenFormat().generate();
        CountingInterceptor.reset();
        assertFalse(invoke("GET", "/v1/me", "Bearer " + unknown).get("isAuthorized").booleanValue());
        assertEquals(1, CountingInterceptor.reads(), "a well-formed unknown token costs one read");
    }

    @Test
    void unsafePathsAreNeverAllowed() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"));
        assertRoutes(admin, List.of("GET /v1/users/a", "GET /v1/workspaces/ws-1/a"), List.of(
                "GET /v1/users/../me", "GET /v1/users/./a", "GET /v1/users//a", "GET //v1/users",
                "GET /v1/users/%2e%2e/x", "GET /v1/workspaces/ws-1/%2F..%2Fws-2", "GET /v1/users/a\\b",
                "GET /v1/workspaces/ws-1/..", "GET v1/users", "GET /v1/users/a?b=c", "GET /v1/users/\u00e9"));
    }

    @Test
    void namedStageIsStrippedFromThePath() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertTrue(Lambda.invokeJson(TestEvents.http("GET", "/v1/me", dev.bearer(), "prod").toString())
                .get("isAuthorized").booleanValue());
        ObjectNode event = TestEvents.http("GET", "/v1/me", dev.bearer(), "prod");
        event.put("rawPath", "/v1/me");
        ((ObjectNode) event.get("requestContext").get("http")).put("path", "/v1/me");
        assertTrue(Lambda.invokeJson(event.toString()).get("isAuthorized").booleanValue(), "custom domain: no stage prefix");
        ObjectNode other = TestEvents.http("GET", "/prod/v1/me", dev.bearer());
        assertFalse(Lambda.invokeJson(other.toString()).get("isAuthorized").booleanValue(), "$default stage: nothing stripped");
    }

    @Test
    void disagreeingPathsOrMissingRouteAreDenied() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        ObjectNode disagree = TestEvents.http("GET", "/v1/me", dev.bearer());
        ((ObjectNode) disagree.get("requestContext").get("http")).put("path", "/v1/users");
        assertFalse(Lambda.invokeJson(disagree.toString()).get("isAuthorized").booleanValue());

        ObjectNode arnOnly = TestEvents.http("GET", "/v1/me", dev.bearer());
        arnOnly.remove("rawPath");
        ((ObjectNode) arnOnly.get("requestContext")).remove("http");
        assertTrue(Lambda.invokeJson(arnOnly.toString()).get("isAuthorized").booleanValue(), "routeArn as fallback");
        arnOnly.remove("routeArn");
        assertFalse(Lambda.invokeJson(arnOnly.toString()).get("isAuthorized").booleanValue(), "no route at all");

        ObjectNode v1 = TestEvents.http("GET", "/v1/me", dev.bearer());
        v1.put("version", "1.0");
        assertFalse(Lambda.invokeJson(v1.toString()).get("isAuthorized").booleanValue(), "payload 1.0 is not this handler's");
    }

    @Test
    void malformedJsonThroughTheEventServerIsDenied() {
        for (String event : List.of("not json", "{", "[]", "null", "42", "\"x\"", "{\"version\":2.0}",
                "{\"version\":\"2.0\",\"requestContext\":[]}", "\u0000\u0001", "{}")) {
            assertEquals("{\"isAuthorized\":false}", Lambda.invoke(event), event);
        }
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b}));
    }

    @Test
    void aTokenWithPermissionsCostsTheSameOneRead() {
        Users.Holder narrowed = Users.narrowedHolder(app, List.of("GET /v1/workspaces/{workspaceId}/items", "GET /v1/me"),
                RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"));
        assertTrue(allowed("GET", "/v1/me", narrowed)); // warm: roles loaded, lastUsedAt written
        CountingInterceptor.reset();
        for (int i = 0; i < 10; i++) {
            assertTrue(allowed("GET", "/v1/workspaces/ws-1/items", narrowed));
            assertFalse(allowed("GET", "/v1/workspaces/ws-1/items/7", narrowed));
        }
        assertEquals(20, CountingInterceptor.count("GetItem"), "one read per verification: " + CountingInterceptor.snapshot());
        assertEquals(20, CountingInterceptor.total(), "nothing but the reads: " + CountingInterceptor.snapshot());
    }

    @Test
    void oneReadPerVerificationAndLastUsedWrittenAtMostOncePerMinute() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"));
        assertTrue(allowed("GET", "/v1/me", dev)); // warm: roles loaded, lastUsedAt written
        int verifications = 20;
        CountingInterceptor.reset();
        for (int i = 0; i < verifications; i++) {
            assertTrue(allowed("GET", "/v1/workspaces/ws-1/items", dev));
        }
        int reads = CountingInterceptor.reads();
        System.out.printf("reads per verification (steady state, %d verifications): %.2f %s%n", verifications,
                1.0 * reads / verifications, CountingInterceptor.snapshot());
        assertEquals(verifications, reads, "reads: " + CountingInterceptor.snapshot());
        assertEquals(verifications, CountingInterceptor.count("GetItem"));
        assertEquals(0, CountingInterceptor.count("UpdateItem"), "no lastUsedAt write within the minute");
        assertEquals(verifications, CountingInterceptor.total(), "nothing but the reads: " + CountingInterceptor.snapshot());

        clock.advance(Duration.ofSeconds(61));
        CountingInterceptor.reset();
        assertTrue(allowed("GET", "/v1/me", dev));
        assertTrue(allowed("GET", "/v1/me", dev));
        assertEquals(1, CountingInterceptor.count("UpdateItem"), "one lastUsedAt write after a minute: "
                + CountingInterceptor.snapshot());
        assertEquals(2, CountingInterceptor.count("GetItem"));
    }

    @Test
    void lastUsedAtIsVisibleInTheTokenList() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        assertEquals(null, app.tokens().list(dev.user().id()).get(0).lastUsedAt());
        assertTrue(allowed("GET", "/v1/me", dev));
        TokenInfo info = app.tokens().list(dev.user().id()).get(0);
        assertEquals(clock.instant().getEpochSecond(), info.lastUsedAt().getEpochSecond());
    }

    @Test
    void theSampleEventsInInfraEventsAnswerAsTheirNamesSay() {
        Users.Holder dev = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        JsonNode allow = Lambda.invokeJson(SampleEvents.load("http-api-allow.json", dev.token()));
        assertTrue(allow.get("isAuthorized").booleanValue());
        assertEquals(dev.user().id(), allow.get("context").get("userId").textValue());
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(SampleEvents.load("http-api-deny.json", dev.token())));
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(SampleEvents.load("http-api-deny-malformed-token.json", dev.token())));
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(SampleEvents.load("http-api-allow.json", "uat_x")),
                "the placeholder itself never passes");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
