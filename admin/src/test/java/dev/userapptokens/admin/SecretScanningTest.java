package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * GitHub's secret scanning partner endpoint (API.md {@code POST /v1/secret-scanning/github}): a
 * report signed with the key the test publishes revokes the active tokens in it; anything else
 * changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
@QuarkusTestResource(GitHubKeyServer.class)
class SecretScanningTest {

    private static final String PATH = "/v1/secret-scanning/github";
    private static final String TYPE = "user_app_token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A token issued through the API: its id and its value. */
    record Issued(String id, String token) {
    }

    private static Issued issue(String userId, Map<String, Object> body) {
        var created = asAdmin().contentType(ContentType.JSON).body(body).post("/v1/users/" + userId + "/tokens")
                .then().statusCode(201).extract();
        return new Issued(created.path("id"), created.path("token"));
    }

    private static Issued issue(String userId) {
        return issue(userId, Map.of("label", "ci"));
    }

    private static Map<String, String> entry(String token, String url, String source) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("token", token);
        entry.put("type", TYPE);
        entry.put("url", url);
        entry.put("source", source);
        return entry;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification post(byte[] body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    /** Posted as GitHub posts it: signed by the published key. */
    private static Response signed(byte[] body) {
        return post(body).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", GitHubKeyServer.sign(body)).post(PATH);
    }

    private static int status(String token) {
        return as(token).get("/v1/me").statusCode();
    }

    /** The TOKEN_LEAKED events of these token ids, by token id. */
    private static Map<String, Map<String, Object>> leakEvents(Set<String> tokenIds) {
        List<Map<String, Object>> items = asAdmin().queryParam("limit", 20).get("/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("items");
        Map<String, Map<String, Object>> events = new HashMap<>();
        for (Map<String, Object> item : items) {
            if ("TOKEN_LEAKED".equals(item.get("action")) && tokenIds.contains(item.get("tokenId"))) {
                assertNull(events.put((String) item.get("tokenId"), item), "one event per token");
            }
        }
        return events;
    }

    @Test
    void aSignedReportRevokesEachActiveTokenWithOneLeakEventAndAnswersGitHubsFeedback() throws Exception {
        String user = Api.createDeveloper();
        Issued first = issue(user);
        Issued second = issue(user);
        Issued untouched = issue(user);
        Issued revoked = issue(user);
        asAdmin().delete("/v1/users/" + user + "/tokens/" + revoked.id()).then().statusCode(204);
        Issued expired = issue(user, Map.of("label", "brief",
                "expiresAt", Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString()));
        assertEquals(200, status(expired.token()));
        while (status(expired.token()) == 200) {
            Thread.sleep(200);
        }
        String neverIssued = new TokenFormat().generate();
        byte[] body = json(List.of(
                entry(first.token(), "https://github.com/octo/repo/blob/abc/.env", "content"),
                entry(neverIssued, "https://github.com/octo/repo/blob/abc/.env", "content"),
                entry(revoked.token(), "https://github.com/octo/repo/commit/abc", "commit"),
                entry(expired.token(), "https://github.com/octo/repo/commit/abc", "commit"),
                entry("uat_notOneOfOurs", "https://github.com/octo/repo/commit/abc", "commit"),
                entry(second.token(), "https://gist.github.com/octo/1", "gist"),
                entry(first.token(), "https://github.com/octo/repo/issues/7", "issue")));
        Map<String, Integer> before = Api.itemCounts();

        Response answer = signed(body);
        answer.then().statusCode(200).contentType(ContentType.JSON);
        List<Map<String, Object>> feedback = answer.jsonPath().getList("");
        assertEquals(List.of(
                Map.of("token_hash", TokenHash.hex(first.token()), "token_type", TYPE, "label", "true_positive"),
                Map.of("token_hash", TokenHash.hex(second.token()), "token_type", TYPE, "label", "true_positive")),
                feedback, "one entry per token revoked, the duplicate and the inactive ones left out");
        assertFalse(answer.asString().contains(first.token()), "the answer never carries a token");

        assertEquals(401, status(first.token()));
        assertEquals(401, status(second.token()));
        assertEquals(200, status(untouched.token()));
        Map<String, Integer> after = Api.itemCounts();
        assertEquals(before.get("tokens") - 2, after.get("tokens"));
        assertEquals(before.get("audit") + 2, after.get("audit"), "one event per token revoked, none else");
        assertEquals(before.get("users"), after.get("users"));

        Map<String, Map<String, Object>> events = leakEvents(Set.of(first.id(), second.id(), revoked.id(),
                expired.id(), untouched.id()));
        assertEquals(Set.of(first.id(), second.id()), events.keySet());
        Map<String, Object> leak = events.get(first.id());
        assertTrue(leak.containsKey("actorUserId") && leak.get("actorUserId") == null, "no actor: " + leak);
        assertEquals(user, leak.get("targetUserId"));
        assertEquals(Map.of("url", "https://github.com/octo/repo/blob/abc/.env", "source", "content"), leak.get("detail"));
        assertEquals(Map.of("url", "https://gist.github.com/octo/1", "source", "gist"), events.get(second.id()).get("detail"));

        String logged = java.nio.file.Files.readString(java.nio.file.Path.of("target/admin-test.log"));
        for (Issued reported : List.of(first, second, revoked, expired)) {
            assertFalse(logged.contains(reported.token()), "a reported token in the logs");
        }

        // Reported again (GitHub retries): nothing left to revoke, nothing written.
        Map<String, Integer> again = Api.itemCounts();
        signed(body).then().statusCode(200).body("size()", equalTo(0));
        assertEquals(again, Api.itemCounts());
    }

    @Test
    void noBearerTokenIsNeededOrLookedAt() {
        String user = Api.createDeveloper();
        Issued token = issue(user);
        byte[] body = json(List.of(entry(token.token(), "https://github.com/o/r", "content")));
        post(body).header("Authorization", "Bearer not-a-token")
                .header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", GitHubKeyServer.sign(body)).post(PATH)
                .then().statusCode(200).body("size()", equalTo(1));
        assertEquals(401, status(token.token()));
    }

    @Test
    void aMissingUnknownOrBadSignatureIs401AndChangesNothing() {
        String user = Api.createDeveloper();
        Issued token = issue(user);
        byte[] body = json(List.of(entry(token.token(), "https://github.com/o/r", "content")));
        String good = GitHubKeyServer.sign(body);
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("o/r", "o/x").getBytes(StandardCharsets.UTF_8);
        byte[] spaced = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> before = Api.itemCounts();
        int fetchesBefore = GitHubKeyServer.fetches();

        List<Response> refused = new ArrayList<>();
        refused.add(post(body).post(PATH));
        refused.add(post(body).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID).post(PATH));
        refused.add(post(body).header("Github-Public-Key-Signature", good).post(PATH));
        refused.add(post(body).header("Github-Public-Key-Identifier", "another-key")
                .header("Github-Public-Key-Signature", good).post(PATH));
        refused.add(post(body).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", GitHubKeyServer.sign(GitHubKeyServer.newKeyPair(), body)).post(PATH));
        refused.add(post(altered).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", good).post(PATH));
        refused.add(post(spaced).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", good).post(PATH));
        refused.add(post(body).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", "not base64!").post(PATH));
        refused.add(post(body).header("Github-Public-Key-Identifier", GitHubKeyServer.KEY_ID)
                .header("Github-Public-Key-Signature", good.substring(0, good.length() - 8) + "AAAAAAA=").post(PATH));
        for (Response response : refused) {
            response.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        }
        assertEquals(before, Api.itemCounts());
        assertEquals(200, status(token.token()));
        assertTrue(GitHubKeyServer.fetches() - fetchesBefore <= 1,
                "an unknown key identifier refetches the list at most once a minute");

        signed(body).then().statusCode(200).body("size()", equalTo(1)); // the same report, signed, is taken
        assertEquals(401, status(token.token()));
    }

    @Test
    void aSignedBodyOverOneMebibyteIs413AndOneOverTheUsualLimitIsTaken() {
        String user = Api.createDeveloper();
        Issued token = issue(user);
        Map<String, Integer> before = Api.itemCounts();
        List<Map<String, String>> huge = new ArrayList<>();
        huge.add(entry(token.token(), "https://github.com/o/r", "content"));
        String padding = "x".repeat(1100);
        for (int i = 0; i < 999; i++) {
            huge.add(entry("uat_" + i, "https://github.com/o/r/" + padding, "content"));
        }
        byte[] body = json(huge);
        assertTrue(body.length > 1024 * 1024, "over 1 MiB: " + body.length);
        signed(body).then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        assertEquals(before, Api.itemCounts());
        assertEquals(200, status(token.token()));

        // 100 KiB or so: over the 64 KiB of the other routes, well within a report's limit
        byte[] large = json(huge.subList(0, 90));
        assertTrue(large.length > 64 * 1024 && large.length < 1024 * 1024, "between the limits: " + large.length);
        signed(large).then().statusCode(200).body("size()", equalTo(1));
        assertEquals(401, status(token.token()));
    }

    @Test
    void aSignedBodyThatIsNotJsonOrOfTheWrongShapeIs400AndChangesNothing() {
        String user = Api.createDeveloper();
        Issued token = issue(user);
        String active = "{\"token\":\"" + token.token() + "\",\"type\":\"" + TYPE + "\",\"url\":\"u\",\"source\":\"s\"}";
        Map<String, Integer> before = Api.itemCounts();
        for (String malformed : List.of("[" + active, "[" + active + "] []", "", "[" + active + ",]",
                "[{\"token\":\"" + token.token() + "\",\"token\":\"x\"}]")) {
            signed(malformed.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        }
        List<String> wrongShape = new ArrayList<>(List.of(active, "{}", "\"" + token.token() + "\"",
                "[" + active + ",{\"token\":5}]", "[" + active + ",{\"type\":\"" + TYPE + "\"}]",
                "[" + active + ",\"" + token.token() + "\"]", "[" + active + ",{\"token\":\"x\",\"url\":[1]}]"));
        wrongShape.add("[" + active + ",{\"token\":\"x\"}".repeat(1000) + "]");
        for (String shape : wrongShape) {
            signed(shape.getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("VALIDATION"));
        }
        assertEquals(before, Api.itemCounts());
        assertEquals(200, status(token.token()));

        signed("[]".getBytes(StandardCharsets.UTF_8)).then().statusCode(200).body("size()", equalTo(0));
        // Fields GitHub may add later are not an error; an entry without url or source still revokes.
        signed(("[{\"token\":\"" + token.token() + "\",\"type\":\"" + TYPE + "\",\"found_at\":\"2026-01-01\"}]")
                .getBytes(StandardCharsets.UTF_8)).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].token_type", equalTo(TYPE));
        assertEquals(401, status(token.token()));
        Map<String, Object> leak = leakEvents(Set.of(token.id())).get(token.id());
        assertNull(leak.get("detail"), "nothing reported, nothing kept: " + leak);
    }

    @Test
    void onlyPostIsServed() {
        given().get(PATH).then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"));
    }
}
