package dev.userapptokens.admin;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The admin function as built (the native executable with {@code -Dnative}: run by failsafe in the
 * root pom's native profile only, see NativeModeTest), behind Quarkus's mock HTTP event server,
 * against the local engine: the problem bodies (Jackson), the verification's read, a user's
 * creation (a transaction) and its token, the same answers as in JVM mode.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(LocalDynamoResource.class)
class NativeAdminIT {

    @Test
    void withoutATokenTheAnswerIsTheProblemBody() {
        io.restassured.RestAssured.given().get("/v1/me").then().statusCode(401)
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
