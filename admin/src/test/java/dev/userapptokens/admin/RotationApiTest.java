package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Rotation through the API (API.md v1.1): admin rotate, self-rotation, overlap, 409 and 404. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class RotationApiTest {

    private static String tokenId(String token) {
        return as(token).get("/v1/me").then().statusCode(200).extract().path("tokenId");
    }

    private static ExtractableResponse<Response> rotate(String user, String tokenId, Object body) {
        var request = asAdmin();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/v1/users/" + user + "/tokens/" + tokenId + "/rotate").then().extract();
    }

    @Test
    void withoutABodyTheOldTokenStopsAtOnceAndTheNewOneWorks() {
        String user = Api.createDeveloper();
        String old = Api.issueToken(user);
        String oldId = tokenId(old);
        int auditBefore = Api.itemCounts().get("audit");
        ExtractableResponse<Response> rotated = rotate(user, oldId, null);
        assertEquals(201, rotated.statusCode(), rotated.asString());
        String newId = rotated.path("id");
        assertEquals("/v1/users/" + user + "/tokens/" + newId, java.net.URI.create(rotated.header("Location")).getPath());
        assertEquals("no-store", rotated.header("Cache-Control"));
        assertEquals(Set.of("id", "label", "token", "createdAt", "expiresAt", "lastUsedAt", "permissions", "rotatedFrom"),
                rotated.jsonPath().getMap("").keySet());
        assertEquals(oldId, rotated.path("rotatedFrom"));
        assertEquals("test", rotated.path("label"));
        as(old).get("/v1/me").then().statusCode(401);
        as(rotated.path("token")).get("/v1/me").then().statusCode(200).body("tokenId", equalTo(newId));
        assertEquals(auditBefore + 1, Api.itemCounts().get("audit"));
        Map<String, Object> event = asAdmin().queryParam("limit", 1).get("/v1/audit").then().extract().path("items[0]");
        assertEquals("TOKEN_ROTATED", event.get("action"));
        assertEquals(newId, event.get("tokenId"));
        assertEquals(Map.of("rotatedFrom", oldId), event.get("detail"));
        asAdmin().get("/v1/users/" + user + "/tokens").then().statusCode(200)
                .body("items.id", equalTo(List.of(newId))).body("items[0].rotatedFrom", equalTo(oldId));
        assertEquals(404, rotate(user, oldId, null).statusCode(), "a stopped token is unknown");
    }

    @Test
    void withAnOverlapTheOldTokenWorksUntilItsEndAndCannotBeRotatedAgain() throws InterruptedException {
        String user = Api.createDeveloper();
        String old = Api.issueToken(user);
        String oldId = tokenId(old);
        ExtractableResponse<Response> rotated = rotate(user, oldId, Map.of("overlapSeconds", 2));
        assertEquals(201, rotated.statusCode(), rotated.asString());
        Instant stop = Instant.parse(asAdmin().get("/v1/users/" + user + "/tokens").then().extract()
                .path("items.find { it.id == '" + oldId + "' }.expiresAt"));
        as(old).get("/v1/me").then().statusCode(200);
        as(rotated.path("token")).get("/v1/me").then().statusCode(200);
        assertEquals(409, rotate(user, oldId, null).statusCode(), "still working in its overlap");
        while (Instant.now().isBefore(stop)) {
            Thread.sleep(100);
        }
        as(old).get("/v1/me").then().statusCode(401);
        assertTrue(Duration.between(stop, Instant.now()).toMillis() < 1000, "stopped within a second of its end");
        as(rotated.path("token")).get("/v1/me").then().statusCode(200);
        assertEquals(404, rotate(user, oldId, null).statusCode(), "once stopped it is unknown");
    }

    @Test
    void theNewTokenKeepsPermissionsAndTakesTheExpiryAsked() {
        String user = Api.createDeveloper();
        String old = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("label", "reader", "permissions", List.of("GET /v1/me")))
                .post("/v1/users/" + user + "/tokens").then().statusCode(201).extract().path("token");
        ExtractableResponse<Response> rotated = rotate(user, tokenId(old), Map.of("expiresInDays", 7));
        assertEquals(201, rotated.statusCode(), rotated.asString());
        assertEquals(List.of("GET /v1/me"), rotated.path("permissions"));
        assertEquals("reader", rotated.path("label"));
        long days = Duration.between(Instant.parse(rotated.path("createdAt")), Instant.parse(rotated.path("expiresAt"))).toDays();
        assertTrue(days == 6 || days == 7, "about 7 days: " + days);
    }

    @Test
    void badRotationsAre4xxAndChangeNothing() {
        String user = Api.createDeveloper();
        String old = Api.issueToken(user);
        String oldId = tokenId(old);
        String stranger = Api.createDeveloper();
        Map<String, Integer> before = Api.itemCounts();
        for (Object body : List.of(Map.of("overlapSeconds", -1), Map.of("overlapSeconds", 86_401),
                Map.of("overlapSeconds", "soon"), Map.of("expiresInDays", 0), Map.of("expiresAt", "yesterday"),
                Map.of("unknownField", 1), List.of(1))) {
            ExtractableResponse<Response> response = rotate(user, oldId, body);
            assertEquals(400, response.statusCode(), body + ": " + response.asString());
        }
        asAdmin().contentType(ContentType.TEXT).body("overlapSeconds=60").post("/v1/users/" + user + "/tokens/" + oldId
                + "/rotate").then().statusCode(415);
        asAdmin().contentType(ContentType.JSON).body("{\"overlapSeconds\":").post("/v1/users/" + user + "/tokens/" + oldId
                + "/rotate").then().statusCode(400);
        assertEquals(404, rotate(user, "tok_00000000000000000000", null).statusCode());
        assertEquals(404, rotate("usr_00000000000000000000", oldId, null).statusCode());
        assertEquals(404, rotate(stranger, oldId, null).statusCode(), "another user's token");
        // a path parameter, raw as API Gateway passes it on: JAX-RS dropped ";x" and rotated or revoked oldId
        Map<String, String> admin = Map.of("Authorization", "Bearer " + LocalDynamoResource.adminToken());
        for (String path : List.of("/v1/users/" + user + "/tokens/" + oldId + ";x/rotate",
                "/v1/users/" + user + ";x/tokens/" + oldId + "/rotate")) {
            Response answer = Api.event("POST /v1/users/{id}/tokens/{tokenId}/rotate", "POST", path, admin, null);
            assertEquals(403, answer.then().statusCode(200).extract().jsonPath().getInt("statusCode"), path);
        }
        Response revoke = Api.event("DELETE /v1/users/{id}/tokens/{tokenId}", "DELETE",
                "/v1/users/" + user + "/tokens/" + oldId + ";x", admin, null);
        assertEquals(403, revoke.then().statusCode(200).extract().jsonPath().getInt("statusCode"));
        assertEquals(before.get("tokens"), Api.itemCounts().get("tokens"));
        assertEquals(before.get("audit"), Api.itemCounts().get("audit"), "no event for a refused rotation");
        as(old).get("/v1/me").then().statusCode(200);
        as(old).post("/v1/users/" + user + "/tokens/" + oldId + "/rotate").then().statusCode(403);
        io.restassured.RestAssured.given().post("/v1/users/" + user + "/tokens/" + oldId + "/rotate").then().statusCode(401);
        io.restassured.RestAssured.given().post("/v1/me/token/rotate").then().statusCode(401);
        assertEquals(before, Api.itemCounts(), "nothing written by any refused rotation");
    }

    @Test
    void aTokenRotatesItselfAndANarrowedOneOnlyWithTheRouteInItsList() {
        String user = Api.createDeveloper();
        String own = Api.issueToken(user);
        String ownId = tokenId(own);
        ExtractableResponse<Response> rotated = as(own).post("/v1/me/token/rotate").then().extract();
        assertEquals(201, rotated.statusCode(), rotated.asString());
        assertEquals(ownId, rotated.path("rotatedFrom"));
        as(own).get("/v1/me").then().statusCode(401);
        String next = rotated.path("token");
        as(next).contentType(ContentType.JSON).body(Map.of("overlapSeconds", 60)).post("/v1/me/token/rotate").then()
                .statusCode(201).body("token", matchesPattern("uat_[0-9A-Za-z]{44}"));
        as(next).get("/v1/me").then().statusCode(200);
        as(next).post("/v1/me/token/rotate").then().statusCode(409);
        Map<String, Object> event = asAdmin().queryParam("limit", 1).get("/v1/audit").then().extract().path("items[0]");
        assertEquals(user, event.get("actorUserId"), "the caller rotated its own token");

        String narrowed = asAdmin().contentType(ContentType.JSON).body(Map.of("label", "n", "permissions", List.of("GET /v1/me")))
                .post("/v1/users/" + user + "/tokens").then().statusCode(201).extract().path("token");
        as(narrowed).post("/v1/me/token/rotate").then().statusCode(403);
        as(narrowed).get("/v1/me").then().statusCode(200);
        String allowed = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("label", "n", "permissions", List.of("GET /v1/me", "POST /v1/me/token/rotate")))
                .post("/v1/users/" + user + "/tokens").then().statusCode(201).extract().path("token");
        as(allowed).post("/v1/me/token/rotate").then().statusCode(201)
                .body("permissions", equalTo(List.of("GET /v1/me", "POST /v1/me/token/rotate")));
    }
}
