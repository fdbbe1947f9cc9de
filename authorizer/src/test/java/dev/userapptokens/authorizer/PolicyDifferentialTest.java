package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Differential test of the REST API policy against the authorizer's own decision (issue 9 item 6):
 * the policies the handler returns for several users, each evaluated as API Gateway evaluates a
 * cached policy ({@link IamPolicy}) against a generated corpus of method ARNs, must never allow
 * one that the authorizer itself would deny for the same user. The corpus holds the classes that
 * broke before: backslashes, dot segments, percent-encodings, non-ASCII, control characters,
 * paths over 2,048 characters, empty segments, other workspaces, methods, stages and APIs.
 */
@QuarkusTest
@TestProfile(RestApiProfile.class)
class PolicyDifferentialTest {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "get", "ANY", "CONNECT", "*");

    static final List<String> BASES = List.of("", "/v1", "/v1/me", "/v1/users", "/v1/users/u1", "/v1/users/u1/tokens",
            "/v1/roles", "/v1/audit", "/v1/orders", "/v1/orders/o-1", "/v1/things/t1/items", "/v1/workspaces",
            "/v1/workspaces/ws-1", "/v1/workspaces/ws-1/a", "/v1/workspaces/ws-2", "/v1/workspaces/ws-2/a",
            "/v1/workspaces/ws-3/a", "/v1/workspaces/ws-1/items/ws-2", "/v1/workspaces/ws-1/items/ws-1");

    static final List<String> TAILS = List.of("", "/", "/x", "/x/y", "/..", "/../ws-2", "/..\\ws-2", "\\..\\ws-2", "\\",
            "/.", "/./x", "//", "//x", "/%2e%2e/ws-2", "%2F..%2Fws-2", "/%5c", "/%", "/\u00e9", "\u00e9",
            "/\uff0fws-2", "/\u2215ws-2", "/ws-2\u0000", "/a b", "/a\tb", "/a\nb", "/a\u007fb", "/a?b", "/a#b", "/a;b",
            "/~", "/a*b", "*", "/*", "?", "/" + "a".repeat(2100), "/\ud83d\ude00", "/a\u202eb", "-x", "x");

    static final String OTHER_STAGE = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/test/";
    static final String OTHER_API = "arn:aws:execute-api:eu-west-1:123456789012:zzzzzz9999/prod/";
    static final String OTHER_REGION = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/";
    static final String OTHER_ACCOUNT = "arn:aws:execute-api:eu-west-1:999999999999:abcdef1234/prod/";

    @Inject
    DynamoWiring app;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    RestApiHandler handler;

    /** The generated corpus: every base, tail and method under the stage, a sample elsewhere, random paths. */
    static List<String> corpus(long seed) {
        Set<String> out = new LinkedHashSet<>();
        for (String base : BASES) {
            for (String tail : TAILS) {
                String path = base.isEmpty() && !tail.startsWith("/") ? "/" + tail : base + tail;
                for (String method : METHODS) {
                    out.add(TestEvents.STAGE_PREFIX + method + path);
                }
                for (String prefix : List.of(OTHER_STAGE, OTHER_API, OTHER_REGION, OTHER_ACCOUNT)) {
                    out.add(prefix + "GET" + path);
                }
            }
        }
        // paths around the 2,048-character limit, under a permitted prefix
        for (String base : List.of("/v1/users", "/v1/workspaces/ws-1", "/v1/orders")) {
            for (int length = 2040; length <= 2056; length++) {
                StringBuilder path = new StringBuilder(base);
                while (path.length() < length) {
                    path.append(path.length() % 7 == 0 ? "/" : "a");
                }
                out.add(TestEvents.STAGE_PREFIX + "GET" + path.substring(0, length));
            }
        }
        Random random = new Random(seed);
        String[] pieces = {"v1", "users", "workspaces", "ws-1", "ws-2", "orders", "things", "items", "me", "audit", "roles",
                ".", "..", "", "%2e", "%2f", "\\", "\u00e9", "\uff0f", " ", "a", "x.y", "~", "-", "_", "ws-1\\..", "?", "*"};
        for (int i = 0; i < 4000; i++) {
            StringBuilder path = new StringBuilder();
            int segments = 1 + random.nextInt(8);
            for (int s = 0; s < segments; s++) {
                path.append('/').append(pieces[random.nextInt(pieces.length)]);
            }
            if (random.nextInt(50) == 0) {
                path.append("/").append("b".repeat(2048));
            }
            out.add(TestEvents.STAGE_PREFIX + METHODS.get(random.nextInt(METHODS.size())) + path);
        }
        return List.copyOf(out);
    }

    @Test
    void noCachedPolicyAllowsAMethodArnTheAuthorizerDenies() {
        putRole("ORDERS_READER", false, "GET /v1/orders/**", "* /v1/things/*/items", "GET /v1/me");
        putRole("ITEM_EDITOR", true, "PUT /v1/workspaces/{workspaceId}/items/{workspaceId}");
        app.roles().refresh();
        List<Users.Holder> holders = List.of(
                Users.holder(app, RoleAssignment.of("DEVELOPER")),
                Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN")),
                Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"),
                        RoleAssignment.of("WORKSPACE_VIEWER", "ws-2")),
                Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("ORDERS_READER"),
                        RoleAssignment.of("ITEM_EDITOR", "ws-1", "ws-2")),
                // tokens with their own permissions: the policy must stay within both lists
                Users.narrowedHolder(app, List.of("GET /v1/users/**", "* /v1/workspaces/{workspaceId}/a", "GET /v1/me"),
                        RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"),
                        RoleAssignment.of("WORKSPACE_MANAGER", "ws-1")),
                Users.narrowedHolder(app, List.of("* /v1/**"), RoleAssignment.of("DEVELOPER"),
                        RoleAssignment.of("ORDERS_READER")),
                Users.narrowedHolder(app, List.of("PUT /v1/workspaces/ws-2/items/*", "GET /v1/orders/o-1", "GET /v1/me"),
                        RoleAssignment.of("DEVELOPER"), RoleAssignment.of("ORDERS_READER"),
                        RoleAssignment.of("ITEM_EDITOR", "ws-1", "ws-2")));
        List<String> corpus = corpus(20260309L);
        List<String> asked = List.of(TestEvents.methodArn("GET", "/v1/me"),
                TestEvents.methodArn("DELETE", "/v1/workspaces/ws-1/a"),
                TestEvents.methodArn("GET", "/v1/orders/o-1"),
                TestEvents.methodArn("GET", "/v1/workspaces/ws-1/..\\ws-2"));
        List<String> wrong = new ArrayList<>();
        int allowedByBoth = 0;
        for (Users.Holder who : holders) {
            Principal principal = new Principal(who.user().id(), who.user().email(), who.issued().info().id(),
                    who.user().roles(), who.issued().info().permissions());
            for (String askedArn : asked) {
                JsonNode policy = policy(who, askedArn);
                for (String arn : corpus) {
                    boolean iam = IamPolicy.allows(policy, arn);
                    boolean decision = decision(principal, arn);
                    if (iam && !decision) {
                        wrong.add(who.user().roles() + " asked " + askedArn + ": policy allows " + arn);
                    }
                    if (iam && decision) {
                        allowedByBoth++;
                    }
                }
            }
        }
        System.out.println("policy differential: " + corpus.size() + " method ARNs x " + holders.size() * asked.size()
                + " policies, " + wrong.size() + " allowed by the policy only, " + allowedByBoth + " by both");
        assertEquals(List.of(), wrong.subList(0, Math.min(wrong.size(), 5)), wrong.size() + " policy-only allows");
        assertTrue(corpus.size() > 9000, "corpus size " + corpus.size());
        assertTrue(allowedByBoth > 100, "the policies still allow routes: " + allowedByBoth);
    }

    /** The authorizer's own decision for {@code arn} for this user: its event reader, then core's access policy. */
    private boolean decision(Principal principal, String arn) {
        ObjectNode event = Lambda.JSON.createObjectNode();
        event.put("type", "TOKEN");
        event.put("authorizationToken", "Bearer x");
        event.put("methodArn", arn);
        AuthorizerRequest request = Events.restApi(event);
        return request instanceof AuthorizerRequest.Request valid
                && app.accessPolicy().allows(principal, valid.method(), valid.path());
    }

    private JsonNode policy(Users.Holder who, String methodArn) {
        ObjectNode event = TestEvents.restToken("GET", "/v1/me", who.bearer());
        event.put("methodArn", methodArn);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
            JsonNode response = Lambda.JSON.readTree(out.toByteArray());
            assertTrue(response.has("principalId") && !response.get("principalId").textValue().equals("anonymous"),
                    "authenticated: " + response);
            return response.get("policyDocument");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void putRole(String name, boolean scoped, String... permissions) {
        String table = ConfigProvider.getConfig().getValue(dev.userapptokens.core.store.Tables.ROLES_ENV, String.class);
        dynamo.putItem(p -> p.tableName(table).item(Map.of(
                "name", AttributeValue.fromS(name),
                "scoped", AttributeValue.fromBool(scoped),
                "description", AttributeValue.fromS("differential test role"),
                "permissions", AttributeValue.fromL(List.of(permissions).stream().map(AttributeValue::fromS).toList()))));
    }
}
