package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The framework's own errors come back as problem bodies too, and change nothing. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class HttpErrorsTest {

    @Test
    void unknownRouteIs404Problem() {
        asAdmin().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        asAdmin().get("/").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMethodIs405Problem() {
        asAdmin().delete("/v1/roles").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405))
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
        asAdmin().put("/v1/me").then().statusCode(405).contentType("application/problem+json")
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void unacceptableResponseTypeIs406Problem() {
        asAdmin().accept("text/csv").get("/v1/roles").then().statusCode(406)
                .contentType("application/problem+json").body("status", equalTo(406))
                .body("code", equalTo("NOT_ACCEPTABLE"));
    }

    @Test
    void unsupportedMediaTypeIs415Problem() {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("text/plain").body("firstName=A").post("/v1/users").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        asAdmin().contentType("application/xml").body("<user/>").post("/v1/users").then().statusCode(415);
        assertEquals(before, Api.itemCounts());
    }

    @Test
    void bodyOver64KiBIs413Problem() {
        Map<String, Integer> before = Api.itemCounts();
        String big = "{\"firstName\":\"" + "x".repeat(70_000) + "\",\"lastName\":\"B\",\"email\":\"" + Api.uniqueEmail() + "\"}";
        asAdmin().contentType("application/json").body(big).post("/v1/users").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
        assertEquals(before, Api.itemCounts());
    }

    /** Without a Content-Length (a chunked request), the limit is found while reading, inside the JSON parser. */
    @Test
    void bodyOver64KiBWithoutContentLengthIs413Problem() {
        Map<String, Integer> before = Api.itemCounts();
        String big = "{\"firstName\":\"" + "x".repeat(70_000) + "\",\"lastName\":\"B\",\"email\":\"" + Api.uniqueEmail() + "\"}";
        String bigList = "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"" + Api.uniqueEmail() + "\",\"roles\":["
                + "{\"name\":\"DEVELOPER\"},".repeat(5_000) + "{\"name\":\"DEVELOPER\"}]}";
        for (String body : new String[] {big, bigList}) {
            var answer = Api.event("POST", "/v1/users", Map.of("Authorization", "Bearer " + LocalDynamoResource.adminToken(),
                    "Content-Type", "application/json", "Transfer-Encoding", "chunked"), body).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(413, answer.getInt("statusCode"), answer.getString("body"));
            assertEquals("PAYLOAD_TOO_LARGE", io.restassured.path.json.JsonPath.from(answer.getString("body")).getString("code"));
        }
        assertEquals(before, Api.itemCounts());
    }

    @Test
    void bodyOfSeveralMegabytesIsStillA413Problem() {
        String huge = "{\"firstName\":\"" + "x".repeat(2_000_000) + "\"}";
        asAdmin().contentType("application/json").body(huge).post("/v1/users").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void bodyJustUnder64KiBIsReadAndJudgedOnItsContent() {
        String nearlyBig = "{\"firstName\":\"" + "x".repeat(60_000) + "\",\"lastName\":\"B\",\"email\":\"a@example.com\"}";
        asAdmin().contentType("application/json").body(nearlyBig).post("/v1/users").then().statusCode(400)
                .body("code", equalTo("VALIDATION")).body("detail", org.hamcrest.Matchers.containsString("firstName"));
    }

    @Test
    void problemBodiesCarryNoInternals() {
        String body = asAdmin().contentType("application/json").body("{\"firstName\":").post("/v1/users")
                .then().statusCode(400).extract().asString();
        for (String leak : new String[] {"Exception", "jackson", "at dev.", "at io.", "line:", "column"}) {
            assertEquals(-1, body.indexOf(leak), "leaks " + leak + ": " + body);
        }
    }
}
