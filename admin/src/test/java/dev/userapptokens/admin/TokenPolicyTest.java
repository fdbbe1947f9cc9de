package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A deployment with MaxTokenLifetimeDays=30 and DefaultTokenLifetimeDays=7. */
@QuarkusTest
@TestProfile(TokenPolicyTest.ThirtyAndSeven.class)
@QuarkusTestResource(LocalDynamoResource.class)
class TokenPolicyTest {

    public static class ThirtyAndSeven implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("uat.token-policy.max-lifetime-days", "30", "uat.token-policy.default-lifetime-days", "7");
        }
    }

    @Test
    void thePolicyIsReadable() {
        asAdmin().get("/v1/token-policy").then().statusCode(200)
                .body("maxLifetimeDays", equalTo(30)).body("defaultLifetimeDays", equalTo(7));
    }

    @Test
    void aTokenWithoutExpiryGetsTheDefault() {
        String user = Api.createDeveloper();
        var created = asAdmin().contentType("application/json").body("{\"label\":\"ci\"}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(201).extract().jsonPath();
        Duration lifetime = Duration.between(Instant.parse(created.getString("createdAt")),
                Instant.parse(created.getString("expiresAt")));
        assertEquals(7, Math.round(lifetime.toHours() / 24.0), lifetime.toString());
    }

    @Test
    void beyondTheMaximumIsA400ThatWritesNothing() {
        String user = Api.createDeveloper();
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").body("{\"label\":\"ci\",\"expiresInDays\":31}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(400)
                .body("code", equalTo("VALIDATION")).body("detail", containsString("at most 30 days"));
        asAdmin().contentType("application/json")
                .body("{\"label\":\"ci\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(31)) + "\"}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(400).body("detail", containsString("expiresAt"));
        assertEquals(before, Api.itemCounts());
        asAdmin().contentType("application/json").body("{\"label\":\"ci\",\"expiresInDays\":30}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(201);
    }

    @Test
    void aDeveloperMayNotReadThePolicy() {
        String user = Api.createDeveloper();
        Api.as(Api.issueToken(user)).get("/v1/token-policy").then().statusCode(403);
    }
}
