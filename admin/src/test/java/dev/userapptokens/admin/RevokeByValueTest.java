package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenFormat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code POST /v1/tokens/revoke}: a Global User Admin revokes a token by its value. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class RevokeByValueTest {

    private static final String PATH = "/v1/tokens/revoke";

    /** A token issued through the API: its id and its value. */
    record Issued(String id, String token) {
    }

    private static Issued issue(String userId, String label) {
        var created = asAdmin().contentType(ContentType.JSON).body(Map.of("label", label))
                .post("/v1/users/" + userId + "/tokens").then().statusCode(201).extract();
        return new Issued(created.path("id"), created.path("token"));
    }

    private static io.restassured.response.Response revoke(String token) {
        return asAdmin().contentType(ContentType.JSON).body(Map.of("token", token)).post(PATH);
    }

    @Test
    void revokesAndAnswersIdUserAndLabelThenTheTokenFails() {
        String user = Api.createDeveloper();
        Issued token = issue(user, "found in a log");
        Issued other = issue(user, "kept");
        as(token.token()).get("/v1/me").then().statusCode(200);
        Map<String, Integer> before = Api.itemCounts();

        var answer = revoke(token.token()).then().statusCode(200).contentType(ContentType.JSON).extract();
        assertEquals(Map.of("id", token.id(), "userId", user, "label", "found in a log"), answer.jsonPath().getMap(""));
        assertFalse(answer.asString().contains(token.token()), "the response never contains the token");

        as(token.token()).get("/v1/me").then().statusCode(401);
        as(other.token()).get("/v1/me").then().statusCode(200);
        Map<String, Integer> after = Api.itemCounts();
        assertEquals(before.get("tokens") - 1, after.get("tokens"));
        assertEquals(before.get("audit") + 1, after.get("audit"));
        asAdmin().get("/v1/users/" + user + "/tokens").then().statusCode(200)
                .body("items.id", equalTo(List.of(other.id())));
        Map<String, Object> event = asAdmin().queryParam("limit", 1).get("/v1/audit").then().statusCode(200)
                .extract().jsonPath().getMap("items[0]");
        assertEquals("TOKEN_REVOKED", event.get("action"));
        assertEquals(LocalDynamoResource.adminId(), event.get("actorUserId"));
        assertEquals(user, event.get("targetUserId"));
        assertEquals(token.id(), event.get("tokenId"));
    }

    @Test
    void aRevokedUnknownOrMalformedTokenIs404AndChangesNothing() {
        String user = Api.createDeveloper();
        Issued token = issue(user, "ci");
        revoke(token.token()).then().statusCode(200);
        Issued active = issue(user, "still active");
        Map<String, Integer> before = Api.itemCounts();
        String typo = active.token().substring(0, 47) + (active.token().charAt(47) == 'a' ? 'b' : 'a');
        for (String value : List.of(token.token(), new TokenFormat().generate(), "uat_x", "", typo,
                active.token() + " ", "Bearer " + active.token())) {
            revoke(value).then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        }
        assertEquals(before, Api.itemCounts());
        as(active.token()).get("/v1/me").then().statusCode(200);
    }

    @Test
    void onlyAGlobalUserAdminMayRevokeByValue() {
        String user = Api.createDeveloper();
        Issued developer = issue(user, "developer's own");
        Issued target = issue(Api.createDeveloper(), "someone else's");
        Map<String, Integer> before = Api.itemCounts();
        as(developer.token()).contentType(ContentType.JSON).body(Map.of("token", target.token())).post(PATH)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(developer.token()).contentType(ContentType.JSON).body(Map.of("token", developer.token())).post(PATH)
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("token", target.token())).post(PATH)
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        assertEquals(before, Api.itemCounts());
        as(target.token()).get("/v1/me").then().statusCode(200);
    }

    @Test
    void aMalformedBodyIs400AndChangesNothing() {
        Issued token = issue(Api.createDeveloper(), "ci");
        Map<String, Integer> before = Api.itemCounts();
        for (String malformed : List.of("{", "{\"token\":\"" + token.token() + "\"", "", "{\"token\":\"a\"} {}")) {
            asAdmin().contentType(ContentType.JSON).body(malformed).post(PATH).then().statusCode(400)
                    .body("code", equalTo(malformed.isEmpty() ? "VALIDATION" : "MALFORMED_JSON"));
        }
        for (String wrong : List.of("{}", "{\"token\":5}", "{\"token\":null}", "[\"" + token.token() + "\"]",
                "\"" + token.token() + "\"", "{\"token\":\"" + token.token() + "\",\"label\":\"x\"}")) {
            asAdmin().contentType(ContentType.JSON).body(wrong).post(PATH).then().statusCode(400)
                    .body("code", equalTo("VALIDATION"));
        }
        asAdmin().contentType(ContentType.TEXT).body(token.token()).post(PATH).then().statusCode(415);
        assertEquals(before, Api.itemCounts());
        as(token.token()).get("/v1/me").then().statusCode(200);
        assertEquals(Set.of("id", "userId", "label"), revoke(token.token()).then().statusCode(200)
                .extract().jsonPath().getMap("").keySet());
    }
}
