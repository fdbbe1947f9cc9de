package dev.userapptokens.admin;

import dev.userapptokens.core.store.Tables;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With storage unreachable, every request is refused (503, retryable), quickly, and says nothing internal. */
@QuarkusTest
@TestProfile(StorageDownTest.DeadStorage.class)
class StorageDownTest {

    /** A DynamoDB endpoint nothing listens on, with tight time bounds. */
    public static class DeadStorage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.dynamodb.endpoint-override", "http://127.0.0.1:9",
                    "quarkus.dynamodb.api-call-timeout", "1s",
                    "quarkus.dynamodb.api-call-attempt-timeout", "300ms",
                    Tables.USERS_ENV, "u", Tables.ROLES_ENV, "r", Tables.TOKENS_ENV, "t", Tables.AUDIT_ENV, "a");
        }
    }

    @Test
    void wellFormedTokenGets503NotAnAllowAndNotA500() {
        String token = new dev.userapptokens.core.tokens.TokenFormat().generate();
        Api.as(token).get("/v1/users").then()
                .time(lessThan(5000L))
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("code", equalTo("UNAVAILABLE"))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("127.0.0.1")));
    }

    @Test
    void malformedTokenIsStill401WithoutAnyRead() {
        Api.as("not-a-token").get("/v1/me").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }
}
