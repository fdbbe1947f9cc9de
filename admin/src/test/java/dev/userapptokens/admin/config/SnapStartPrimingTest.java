package dev.userapptokens.admin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userapptokens.admin.LocalDynamoResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SnapStart hooks, called as the Lambda runtime calls them: the priming request goes the
 * whole way to the token check (its answer is the API's 401 problem, not an error of the event
 * or of the HTTP layer), and the function answers normally after a restore.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @Test
    void primingIsAnsweredAsAnUnknownTokenAndTheFunctionServesAfterARestore() throws Exception {
        JsonNode answer = new ObjectMapper().readTree(priming.primingAnswer());
        assertEquals(401, answer.get("statusCode").intValue(), answer.toString());
        assertTrue(answer.get("body").textValue().contains("unauthenticated"), answer.toString());

        priming.beforeCheckpoint(null);
        priming.afterRestore(null);
        io.restassured.RestAssured.given().get("/v1/me").then().statusCode(401);
    }
}
