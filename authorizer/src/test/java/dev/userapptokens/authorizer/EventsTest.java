package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.auth.DenyReason;

/** Event parsing without storage: what is read from where, and what makes an event invalid. */
class EventsTest {

    private static AuthorizerRequest.Request request(AuthorizerRequest parsed) {
        return assertInstanceOf(AuthorizerRequest.Request.class, parsed);
    }

    private static void invalid(AuthorizerRequest parsed, String why) {
        assertEquals(DenyReason.MALFORMED, assertInstanceOf(AuthorizerRequest.Invalid.class, parsed, why).reason(), why);
    }

    @Test
    void httpApiEventGivesHeaderMethodAndPath() {
        AuthorizerRequest.Request r = request(Events.httpApi(TestEvents.http("PATCH", "/v1/users/u1", "Bearer abc")));
        assertEquals("Bearer abc", r.authorization());
        assertEquals("PATCH", r.method());
        assertEquals("/v1/users/u1", r.path());
        assertNull(r.arn());
        assertNull(request(Events.httpApi(TestEvents.http("GET", "/v1/me", null))).authorization(), "missing is not malformed");
    }

    @Test
    void httpApiFieldsOfTheWrongTypeMakeTheEventInvalid() {
        String[][] cases = {{"version", null}, {"rawPath", "num"}, {"headers", "arr"}, {"requestContext", "str"},
                {"requestContext.http", "arr"}, {"requestContext.http.method", "num"}, {"requestContext.stage", "obj"},
                {"headers.authorization", "num"}, {"headers.authorization", "arr"}};
        for (String[] c : cases) {
            ObjectNode event = TestEvents.http("GET", "/v1/me", "Bearer abc");
            String[] path = c[0].split("\\.");
            ObjectNode parent = event;
            for (int i = 0; i < path.length - 1; i++) {
                parent = (ObjectNode) parent.get(path[i]);
            }
            String leaf = path[path.length - 1];
            if (c[1] == null) {
                parent.remove(leaf);
            } else {
                switch (c[1]) {
                    case "num" -> parent.put(leaf, 7);
                    case "arr" -> parent.putArray(leaf).add("Bearer abc");
                    case "obj" -> parent.putObject(leaf);
                    default -> parent.put(leaf, true);
                }
            }
            invalid(Events.httpApi(event), c[0] + " as " + c[1]);
        }
    }

    @Test
    void stageIsStrippedOnlyWhenItPrefixesThePath() {
        assertEquals("/v1/me", Events.stripStage("/prod/v1/me", "prod"));
        assertEquals("/", Events.stripStage("/prod", "prod"));
        assertEquals("/production/v1", Events.stripStage("/production/v1", "prod"));
        assertEquals("/v1/me", Events.stripStage("/v1/me", "$default"));
        assertEquals("/v1/me", Events.stripStage("/v1/me", null));
    }

    @Test
    void restTokenAndRequestEvents() {
        AuthorizerRequest.Request token = request(Events.restApi(TestEvents.restToken("DELETE", "/v1/users/u1", "Bearer t")));
        assertEquals("Bearer t", token.authorization());
        assertEquals("DELETE", token.method());
        assertEquals("/v1/users/u1", token.path());
        assertEquals(TestEvents.methodArn("DELETE", "/v1/users/u1"), token.arn().text());
        AuthorizerRequest.Request req = request(Events.restApi(TestEvents.restRequest("GET", "/v1/me", "Bearer r")));
        assertEquals("Bearer r", req.authorization());
        assertEquals("/v1/me", req.path());
    }

    @Test
    void headerLookupRefusesSeveralValues() {
        ObjectNode headers = Lambda.JSON.createObjectNode();
        assertEquals(Events.Header.NONE, Events.header(headers));
        headers.put("Authorization", "Bearer a");
        assertEquals("Bearer a", Events.header(headers).value());
        headers.putNull("AUTHORIZATION");
        assertEquals("Bearer a", Events.header(headers).value(), "a null value is no value");
        headers.put("authorization", "Bearer b");
        assertEquals("several Authorization headers", Events.header(headers).problem());
        ObjectNode joined = Lambda.JSON.createObjectNode().put("authorization", "Bearer a,Bearer b");
        assertEquals("several Authorization values", Events.header(joined).problem());
        ObjectNode multi = Lambda.JSON.createObjectNode();
        multi.putArray("Authorization").add("Bearer a").add("Bearer b");
        assertEquals("several Authorization headers", Events.multiValueHeader(multi).problem());
    }

    @Test
    void readingRefusesOversizedDeepAndDuplicateKeyedJson() {
        assertNull(WireJson.read(null));
        assertNull(WireJson.read(stream("")));
        assertNull(WireJson.read(stream("{\"a\":1,\"a\":2}")), "duplicate keys");
        assertNull(WireJson.read(stream("[".repeat(100) + "]".repeat(100))), "nesting beyond 32");
        assertNull(WireJson.read(stream("{\"a\":\"" + "x".repeat(WireJson.MAX_EVENT_BYTES) + "\"}")), "over the size cap");
        assertNull(WireJson.read(stream("{\"a\":1" + "9".repeat(100) + "}")), "a 100-digit number");
        JsonNode ok = WireJson.read(stream("{\"a\":[{\"b\":\"c\"}]}"));
        assertEquals("c", ok.get("a").get(0).get("b").textValue());
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
