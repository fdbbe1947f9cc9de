package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** 401: every way a request can fail to authenticate, and that they all look the same. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class AuthenticationTest {

    private static String reference;

    /** The one 401 every failure must reproduce byte for byte (RestAssured's port is set per test). */
    @BeforeEach
    void referenceAnswer() {
        if (reference == null) {
            reference = describe(given().get("/v1/me"));
        }
    }

    private static String describe(Response response) {
        assertEquals(401, response.statusCode());
        assertEquals("application/problem+json", response.contentType());
        return response.header("WWW-Authenticate") + "\n" + response.asString();
    }

    private static void assertUnauthenticated(RequestSpecification request) {
        assertEquals(reference, describe(request.get("/v1/me")));
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void referenceAnswerIsTheContractsProblem() {
        given().get("/v1/me").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("code", org.hamcrest.Matchers.equalTo("UNAUTHENTICATED"))
                .body("status", org.hamcrest.Matchers.equalTo(401))
                .body("type", org.hamcrest.Matchers.equalTo("https://errors.user-app-tokens.dev/unauthenticated"));
    }

    @Test
    void wrongScheme() {
        assertUnauthenticated(given().header("Authorization", "Basic " + LocalDynamoResource.adminToken()));
        assertUnauthenticated(given().header("Authorization", "Token " + LocalDynamoResource.adminToken()));
    }

    @Test
    void malformedHeader() {
        String token = LocalDynamoResource.adminToken();
        assertUnauthenticated(given().header("Authorization", "Bearer"));
        assertUnauthenticated(given().header("Authorization", "Bearer " + token + " extra"));
        assertUnauthenticated(given().header("Authorization", "Bearer" + token));
        assertUnauthenticated(given().header("Authorization", token));
        assertUnauthenticated(bearer(token.substring(0, 47)));
        assertUnauthenticated(bearer("uat_" + "x".repeat(44)));
    }

    @Test
    void badChecksum() {
        String token = LocalDynamoResource.adminToken();
        String flipped = token.substring(0, 47) + (token.charAt(47) == '0' ? '1' : '0');
        assertUnauthenticated(bearer(flipped));
    }

    @Test
    void unknownToken() {
        assertUnauthenticated(bearer(new TokenFormat().generate()));
    }

    @Test
    void revokedToken() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        String tokenId = bearer(token).get("/v1/me").then().statusCode(200).extract().path("tokenId");
        asAdmin().delete("/v1/users/" + user + "/tokens/" + tokenId).then().statusCode(204);
        assertUnauthenticated(bearer(token));
    }

    @Test
    void expiredToken() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        bearer(token).get("/v1/me").then().statusCode(200);
        // Time passes: the expiry moves into the past, and TTL has not removed the item yet.
        LocalDynamoResource.dynamo().client().updateItem(u -> u.tableName(LocalDynamoResource.tables().tokens())
                .key(Map.of("tokenHash", AttributeValue.fromS(TokenHash.of(token))))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(
                        Long.toString(Instant.now().getEpochSecond() - 1)))));
        assertUnauthenticated(bearer(token));
    }

    @Test
    void deletedUsersToken() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        asAdmin().delete("/v1/users/" + user).then().statusCode(204);
        assertUnauthenticated(bearer(token));
    }

    @Test
    void interactiveUsersToken() {
        // The API will not issue one; a token planted in storage for such a user must still fail.
        String user = Api.createUser("INTERACTIVE", List.of(Map.of("name", "DEVELOPER")));
        String token = new TokenFormat().generate();
        LocalDynamoResource.dynamo().client().putItem(p -> p.tableName(LocalDynamoResource.tables().tokens()).item(Map.of(
                "tokenHash", AttributeValue.fromS(TokenHash.of(token)),
                "tokenId", AttributeValue.fromS("tok_planted0000000000000"),
                "userId", AttributeValue.fromS(user),
                "email", AttributeValue.fromS("planted@example.com"),
                "loginOption", AttributeValue.fromS("INTERACTIVE"),
                "roles", AttributeValue.fromL(List.of(AttributeValue.fromS("DEVELOPER"),
                        AttributeValue.fromS("GLOBAL_USER_ADMIN"))))));
        assertUnauthenticated(bearer(token));
    }

    @Test
    void userWithoutDeveloper() {
        String user = Api.createUser("NON_INTERACTIVE", List.of(Map.of("name", "GLOBAL_USER_ADMIN")));
        String token = Api.issueToken(user);
        assertUnauthenticated(bearer(token));
        assertEquals(401, bearer(token).get("/v1/users").statusCode());
    }

    @Test
    void severalAuthorizationHeaders() {
        String token = LocalDynamoResource.adminToken();
        assertUnauthenticated(given().header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token));
    }

    @Test
    void schemeWordIsCaseInsensitiveAndSurroundingWhitespaceIgnored() {
        String token = LocalDynamoResource.adminToken();
        given().header("Authorization", "bearer " + token).get("/v1/me").then().statusCode(200);
        given().header("Authorization", "BEARER " + token).get("/v1/me").then().statusCode(200);
        given().header("Authorization", "  Bearer   " + token + "  ").get("/v1/me").then().statusCode(200);
    }

    @Test
    void everyAdminEndpointNeedsAuthentication() {
        String id = "usr_00000000000000000000";
        for (Response r : List.of(given().get("/v1/users"), given().get("/v1/users/" + id),
                given().contentType("application/json").body("{}").post("/v1/users"),
                given().contentType("application/json").body("{}").patch("/v1/users/" + id),
                given().delete("/v1/users/" + id), given().get("/v1/users/" + id + "/tokens"),
                given().contentType("application/json").body("{}").post("/v1/users/" + id + "/tokens"),
                given().delete("/v1/users/" + id + "/tokens/tok_00000000000000000000"),
                given().get("/v1/roles"), given().get("/v1/audit"))) {
            assertEquals(reference, describe(r));
        }
    }
}
