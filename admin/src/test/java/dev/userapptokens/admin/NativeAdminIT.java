package dev.userapptokens.admin;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * The admin function as built (the native executable with {@code -Dnative}: run by failsafe in the
 * root pom's native profile only, see NativeModeTest; against the JVM jar they cannot run: the
 * JVM-mode function only answers Lambda's Java runtime, it does not poll an event server), behind Quarkus's mock HTTP event server,
 * against the local engine: the problem bodies (Jackson), the verification's read, a user's
 * creation (a transaction) and its token, the same answers as in JVM mode.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(LocalDynamoResource.class)
class NativeAdminIT {

    /** A function that never takes the event fails the test instead of hanging the build. */
    @BeforeAll
    static void timeouts() {
        RestAssured.config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));
    }

    @Test
    void withoutATokenTheAnswerIsTheProblemBody() {
        RestAssured.given().get("/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void theBootstrapAdminCreatesAUserIssuesItATokenAndThatTokenAuthenticates() {
        Api.asAdmin().get("/v1/me").then().statusCode(200).body("email", equalTo("admin@example.com"));
        String developer = Api.createDeveloper();
        String token = Api.issueToken(developer);
        Api.as(token).get("/v1/me").then().statusCode(200).body("userId", equalTo(developer));
    }

    @Test
    void malformedJsonIsAClearProblem() {
        Api.asAdmin().contentType("application/json").body("{\"firstName\":")
                .post("/v1/users").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
    }
}
