package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * The HTTP API authorizer as built (the native executable with {@code -Dnative}: run by failsafe in
 * the root pom's native profile only, see NativeModeTest; against the JVM jar they cannot run:
 * the JVM-mode function only answers Lambda's Java runtime, it does not poll an event server), invoked through Quarkus's mock event
 * server against the local engine: an allow with its context (the token read, the role catalog,
 * the JSON writer), a deny for a token never issued, a deny without a read for a malformed one.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(LocalDynamoResource.class)
class NativeAuthorizerIT {

    /** A function that never takes the event fails the test instead of hanging the build. */
    @BeforeAll
    static void timeouts() {
        RestAssured.config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
    }

    private final DynamoWiring app = DynamoWiring.builder().dynamoDb(LocalDynamoResource.shared().client())
            .tables(Tables.withPrefix(LocalDynamoResource.shared().prefix())).build();

    @Test
    void aDeveloperWithTheRoleIsAllowedWithItsContext() {
        Users.Holder admin = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        JsonNode answer = Lambda.invokeJson(TestEvents.http("GET", "/v1/users", admin.bearer()).toString());
        assertTrue(answer.get("isAuthorized").booleanValue(), answer.toString());
        assertEquals(admin.user().id(), answer.get("context").get("userId").textValue());
        assertEquals("DEVELOPER,GLOBAL_USER_ADMIN", answer.get("context").get("roles").textValue());
    }

    @Test
    void aTokenNeverIssuedAndAMalformedOneAreDenied() {
        String never = TestEvents.http("GET", "/v1/users", "Bearer " + new TokenFormat().generate()).toString();
        assertFalse(Lambda.invokeJson(never).get("isAuthorized").booleanValue());
        assertEquals("{\"isAuthorized\":false}", Lambda.invoke(TestEvents.http("GET", "/v1/users", "Bearer nope").toString()));
    }
}
