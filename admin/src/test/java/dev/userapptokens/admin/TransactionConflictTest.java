package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.as;
import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every change when DynamoDB cancels its transaction for a TransactionConflict (as it cancels
 * the loser of two concurrent same-email creates): retried, and a 409 problem when it keeps
 * conflicting, never a 500. The cancellations are injected by {@link TransactionFaults}.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class TransactionConflictTest {

    @AfterEach
    void stopFaults() {
        TransactionFaults.stop();
    }

    private static Response createUser(String email) {
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email,
                        "roles", List.of(Map.of("name", "DEVELOPER"))))
                .post("/v1/users");
    }

    private static void assertConflictProblem(Response response) {
        response.then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("CONFLICT")).body("status", equalTo(409));
    }

    @Test
    void createThatConflictsOnTheEmailLockIsRetriedAndSucceeds() {
        String email = Api.uniqueEmail();
        TransactionFaults.conflictNext(2);
        createUser(email).then().statusCode(201).body("email", equalTo(email));
        assertEquals(2, TransactionFaults.stop());
        createUser(email).then().statusCode(409).body("code", equalTo("CONFLICT"));
    }

    @Test
    void everyChangeSurvivesTransientConflicts() {
        String user = Api.createDeveloper();
        TransactionFaults.conflictNext(2);
        asAdmin().contentType(ContentType.JSON).body(Map.of("firstName", "Renamed"))
                .patch("/v1/users/" + user).then().statusCode(200).body("firstName", equalTo("Renamed"));
        assertEquals(2, TransactionFaults.stop());

        TransactionFaults.conflictNext(2);
        Response issued = asAdmin().contentType(ContentType.JSON).body(Map.of("label", "conflicted"))
                .post("/v1/users/" + user + "/tokens");
        issued.then().statusCode(201);
        assertEquals(2, TransactionFaults.stop());
        String token = issued.path("token");
        as(token).get("/v1/me").then().statusCode(200);

        TransactionFaults.conflictNext(2);
        asAdmin().delete("/v1/users/" + user + "/tokens/" + issued.path("id")).then().statusCode(204);
        assertEquals(2, TransactionFaults.stop());
        as(token).get("/v1/me").then().statusCode(401);

        TransactionFaults.conflictNext(2);
        asAdmin().delete("/v1/users/" + user).then().statusCode(204);
        assertEquals(2, TransactionFaults.stop());
        asAdmin().get("/v1/users/" + user).then().statusCode(404);
    }

    @Test
    void aChangeThatKeepsConflictingIsA409ProblemAndWritesNothing() {
        String user = Api.createDeveloper();
        String token = Api.issueToken(user);
        String tokenId = asAdmin().get("/v1/users/" + user + "/tokens").path("items[0].id");
        Map<String, Integer> before = Api.itemCounts();
        TransactionFaults.conflictNext(Integer.MAX_VALUE);
        assertConflictProblem(createUser(Api.uniqueEmail()));
        assertConflictProblem(asAdmin().contentType(ContentType.JSON).body(Map.of("lastName", "Never"))
                .patch("/v1/users/" + user));
        assertConflictProblem(asAdmin().contentType(ContentType.JSON).body(Map.of("label", "never"))
                .post("/v1/users/" + user + "/tokens"));
        assertConflictProblem(asAdmin().delete("/v1/users/" + user + "/tokens/" + tokenId));
        assertConflictProblem(asAdmin().delete("/v1/users/" + user));
        assertTrue(TransactionFaults.stop() >= 5);
        assertEquals(before, Api.itemCounts());
        as(token).get("/v1/me").then().statusCode(200);
    }
}
