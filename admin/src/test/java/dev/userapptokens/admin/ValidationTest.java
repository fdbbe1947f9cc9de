package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 400: every input rule of API.md, broken once each. Each case checks the problem body (code and
 * the field named in the detail) and that no table changed.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class ValidationTest {

    private static String user;
    private static String takenEmail;

    @BeforeEach
    void arrange() {
        if (user == null) {
            user = Api.createDeveloper();
            takenEmail = asAdmin().get("/v1/users/" + user).then().extract().path("email");
        }
    }

    private static String newUser(String fields) {
        return "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"" + Api.uniqueEmail() + "\"" + fields + "}";
    }

    private static String newUserWithout(String field) {
        String body = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"" + Api.uniqueEmail() + "\"}";
        return body.replaceFirst("\"" + field + "\":\"[^\"]*\",?", "").replace(",}", "}");
    }

    static Stream<Arguments> createUser() {
        String long101 = "x".repeat(101);
        String email255 = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".com";
        return Stream.of(
                Arguments.of("firstName missing", newUserWithout("firstName"), "VALIDATION", "firstName"),
                Arguments.of("firstName blank", newUser("").replace("\"Ada\"", "\"   \""), "VALIDATION", "firstName"),
                Arguments.of("firstName too long", newUser("").replace("\"Ada\"", "\"" + long101 + "\""), "VALIDATION", "firstName"),
                Arguments.of("firstName not a string", newUser("").replace("\"Ada\"", "5"), "VALIDATION", "firstName"),
                Arguments.of("firstName control character", newUser("").replace("\"Ada\"", "\"A\\u0000da\""), "VALIDATION", "firstName"),
                Arguments.of("lastName missing", newUserWithout("lastName"), "VALIDATION", "lastName"),
                Arguments.of("lastName too long", newUser("").replace("\"Lovelace\"", "\"" + long101 + "\""), "VALIDATION", "lastName"),
                Arguments.of("email missing", newUserWithout("email"), "VALIDATION", "email"),
                Arguments.of("email malformed", "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"not-an-email\"}", "VALIDATION", "email"),
                Arguments.of("email without domain dot", "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"a@b\"}", "VALIDATION", "email"),
                Arguments.of("email with space", "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"a b@example.com\"}", "VALIDATION", "email"),
                Arguments.of("email too long", "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"" + email255 + "\"}", "VALIDATION", "email"),
                Arguments.of("loginOption unknown", newUser(",\"loginOption\":\"SOMETIMES\""), "VALIDATION", "loginOption"),
                Arguments.of("role unknown", newUser(",\"roles\":[{\"name\":\"ROOT\"}]"), "VALIDATION", "roles"),
                Arguments.of("role without name", newUser(",\"roles\":[{}]"), "VALIDATION", "roles"),
                Arguments.of("role listed twice", newUser(",\"roles\":[{\"name\":\"DEVELOPER\"},{\"name\":\"DEVELOPER\"}]"), "VALIDATION", "roles"),
                Arguments.of("scoped role without workspaces", newUser(",\"roles\":[{\"name\":\"WORKSPACE_MANAGER\"}]"), "VALIDATION", "roles"),
                Arguments.of("scoped role with empty workspaces", newUser(",\"roles\":[{\"name\":\"WORKSPACE_VIEWER\",\"workspaces\":[]}]"), "VALIDATION", "roles"),
                Arguments.of("unscoped role with workspaces", newUser(",\"roles\":[{\"name\":\"DEVELOPER\",\"workspaces\":[\"ws-1\"]}]"), "VALIDATION", "roles"),
                Arguments.of("workspace id with separator", newUser(",\"roles\":[{\"name\":\"WORKSPACE_VIEWER\",\"workspaces\":[\"ws|1\"]}]"), "VALIDATION", "roles"),
                Arguments.of("null workspace", newUser(",\"roles\":[{\"name\":\"WORKSPACE_VIEWER\",\"workspaces\":[null]}]"), "VALIDATION", "roles[0].workspaces[0]: must not be null"),
                Arguments.of("null role", newUser(",\"roles\":[null]"), "VALIDATION", "roles[0]: must not be null"),
                Arguments.of("firstName unpaired surrogate", newUser("").replace("\"Ada\"", "\"\\ud800\""), "VALIDATION", "firstName: must be valid Unicode"),
                // a control character at an end is refused, not trimmed away (the email was stored without it)
                Arguments.of("email with a trailing newline", "{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"" + Api.uniqueEmail() + "\\n\"}", "VALIDATION", "email: must not contain control"),
                Arguments.of("firstName with a leading tab", newUser("").replace("\"Ada\"", "\"\\tAda\""), "VALIDATION", "firstName: must not contain control"),
                Arguments.of("lastName ends in a unit separator", newUser("").replace("\"Lovelace\"", "\"Lovelace\\u001f\""), "VALIDATION", "lastName: must not contain control"),
                Arguments.of("firstName only a no-break space", newUser("").replace("\"Ada\"", "\"\\u00a0\""), "VALIDATION", "firstName: must be 1 to 100"),
                Arguments.of("lastName bidi override", newUser("").replace("\"Lovelace\"", "\"Love\\u202elace\""), "VALIDATION", "lastName"),
                Arguments.of("roles not a list", newUser(",\"roles\":\"DEVELOPER\""), "VALIDATION", "roles"),
                Arguments.of("unknown field", newUser(",\"admin\":true"), "VALIDATION", "admin"),
                Arguments.of("body is a list", "[]", "VALIDATION", "body"),
                Arguments.of("body is a string", "\"x\"", "VALIDATION", "body"),
                Arguments.of("malformed JSON", "{\"firstName\":", "MALFORMED_JSON", "JSON"),
                Arguments.of("trailing garbage", newUser("") + "}", "MALFORMED_JSON", "JSON"),
                // Syntax errors inside a field's value or a list, where Jackson wraps them in a mapping error.
                Arguments.of("bad escape in a string", newUser("").replace("\"Ada\"", "\"A\\u12\""), "MALFORMED_JSON", "JSON"),
                Arguments.of("raw control character in a string", newUser("").replace("\"Ada\"", "\"A\u0001\""), "MALFORMED_JSON", "JSON"),
                Arguments.of("misspelt literal", newUser(",\"roles\":tru"), "MALFORMED_JSON", "JSON"),
                Arguments.of("trailing comma in a list", newUser(",\"roles\":[{\"name\":\"DEVELOPER\"},]"), "MALFORMED_JSON", "JSON"),
                Arguments.of("unquoted name in a role", newUser(",\"roles\":[{name:\"DEVELOPER\"}]"), "MALFORMED_JSON", "JSON"),
                Arguments.of("second value after the object", newUser("") + " {}", "MALFORMED_JSON", "JSON"),
                Arguments.of("number after the object", newUser("") + " 1", "MALFORMED_JSON", "JSON"),
                Arguments.of("duplicate key in a role", newUser(",\"roles\":[{\"name\":\"DEVELOPER\",\"name\":\"X\"}]"), "MALFORMED_JSON", "JSON"),
                Arguments.of("duplicate key", "{\"firstName\":\"A\",\"firstName\":\"B\",\"lastName\":\"B\",\"email\":\"" + Api.uniqueEmail() + "\"}", "MALFORMED_JSON", "JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void createUser(String rule, String body, String code, String detail) {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").body(body).post("/v1/users").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo(code)).body("status", equalTo(400)).body("detail", containsString(detail));
        assertEquals(before, Api.itemCounts(), rule + ": nothing written");
    }

    @Test
    void emptyBody() {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").post("/v1/users").then().statusCode(400)
                .body("code", equalTo("VALIDATION"));
        assertEquals(before, Api.itemCounts());
    }

    @Test
    void emailTakenCaseInsensitivelyIs409() {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json")
                .body("{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"" + takenEmail.toUpperCase() + "\"}")
                .post("/v1/users").then().statusCode(409).body("code", equalTo("CONFLICT"))
                .body("detail", containsString("email"));
        assertEquals(before, Api.itemCounts());
    }

    static Stream<Arguments> createToken() {
        String past = Instant.now().minusSeconds(60).toString();
        String future = Instant.now().plusSeconds(86_400).toString();
        return Stream.of(
                Arguments.of("label missing", "{}", "label"),
                Arguments.of("label empty", "{\"label\":\"  \"}", "label"),
                Arguments.of("label too long", "{\"label\":\"" + "x".repeat(101) + "\"}", "label"),
                Arguments.of("expiresInDays zero", "{\"label\":\"a\",\"expiresInDays\":0}", "expiresInDays"),
                Arguments.of("expiresInDays above 3650", "{\"label\":\"a\",\"expiresInDays\":3651}", "expiresInDays"),
                Arguments.of("expiresInDays fraction", "{\"label\":\"a\",\"expiresInDays\":1.5}", "expiresInDays"),
                Arguments.of("expiresInDays string", "{\"label\":\"a\",\"expiresInDays\":\"90\"}", "expiresInDays"),
                Arguments.of("expiresAt in the past", "{\"label\":\"a\",\"expiresAt\":\"" + past + "\"}", "expiresAt"),
                Arguments.of("expiresAt null", "{\"label\":\"a\",\"expiresAt\":null}", "expiresAt"),
                Arguments.of("label with an unpaired surrogate", "{\"label\":\"a\\ud800\"}", "label"),
                Arguments.of("expiresAt not a timestamp", "{\"label\":\"a\",\"expiresAt\":\"tomorrow\"}", "expiresAt"),
                Arguments.of("both expiries", "{\"label\":\"a\",\"expiresInDays\":5,\"expiresAt\":\"" + future + "\"}", "expiresAt"),
                Arguments.of("token field supplied", "{\"label\":\"a\",\"token\":\"uat_x\"}", "token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void createToken(String rule, String body, String field) {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").body(body).post("/v1/users/" + user + "/tokens").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION")).body("detail", containsString(field));
        assertEquals(before, Api.itemCounts(), rule + ": nothing written");
    }

    /** Expiry is kept to the second: less than a second ahead would be dead on arrival, so it is refused. */
    @Test
    void expiresAtLessThanASecondAheadIsRefusedAndASecondAheadWorks() {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json")
                .body("{\"label\":\"a\",\"expiresAt\":\"" + Instant.now().plusMillis(700) + "\"}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(400)
                .body("code", equalTo("VALIDATION")).body("detail", containsString("expiresAt: must be at least one second"));
        assertEquals(before, Api.itemCounts(), "nothing written");

        var issued = asAdmin().contentType("application/json")
                .body("{\"label\":\"a\",\"expiresAt\":\"" + Instant.now().plusMillis(1_900) + "\"}")
                .post("/v1/users/" + user + "/tokens").then().statusCode(201).extract().jsonPath();
        Instant createdAt = Instant.parse(issued.getString("createdAt"));
        Instant expiresAt = Instant.parse(issued.getString("expiresAt"));
        org.junit.jupiter.api.Assertions.assertTrue(expiresAt.isAfter(createdAt), createdAt + " then " + expiresAt);
        asAdmin().delete("/v1/users/" + user + "/tokens/" + issued.getString("id")).then().statusCode(204);
    }

    static Stream<Arguments> patchUser() {
        return Stream.of(
                Arguments.of("empty patch", "{}", "body"),
                Arguments.of("email is not patchable", "{\"email\":\"x@example.com\"}", "email"),
                Arguments.of("loginOption is not patchable", "{\"loginOption\":\"INTERACTIVE\"}", "loginOption"),
                Arguments.of("firstName too long", "{\"firstName\":\"" + "x".repeat(101) + "\"}", "firstName"),
                Arguments.of("unknown role", "{\"roles\":[{\"name\":\"OWNER\"}]}", "roles"),
                Arguments.of("null roles", "{\"roles\":null}", "roles: must not be null"),
                Arguments.of("null firstName", "{\"firstName\":null,\"lastName\":\"B\"}", "firstName: must not be null"),
                Arguments.of("firstName line separator", "{\"firstName\":\"A\\u2028B\"}", "firstName: must not contain control"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void patchUser(String rule, String body, String field) {
        Map<String, Integer> before = Api.itemCounts();
        asAdmin().contentType("application/json").body(body).patch("/v1/users/" + user).then()
                .statusCode(400).body("code", equalTo("VALIDATION")).body("detail", containsString(field));
        assertEquals(before, Api.itemCounts(), rule + ": nothing written");
    }

    static Stream<Arguments> listParameters() {
        return Stream.of(
                Arguments.of("/v1/users?limit=0", "limit"),
                Arguments.of("/v1/users?limit=101", "limit"),
                Arguments.of("/v1/users?limit=ten", "limit"),
                Arguments.of("/v1/users?limit=%D9%A5", "limit"), // ARABIC-INDIC DIGIT FIVE: was a page of 5
                Arguments.of("/v1/audit?limit=%EF%BC%95", "limit"), // FULLWIDTH DIGIT FIVE
                Arguments.of("/v1/users?cursor=not-a-cursor!", "cursor"),
                Arguments.of("/v1/users?cursor=" + "QUFB", "cursor"),
                Arguments.of("/v1/users?loginOption=ROBOT", "loginOption"),
                Arguments.of("/v1/audit?limit=-1", "limit"),
                Arguments.of("/v1/audit?cursor=%2F%2F", "cursor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void listParameters(String url, String field) {
        asAdmin().urlEncodingEnabled(false).get(url).then().statusCode(400)
                .body("code", equalTo("VALIDATION")).body("detail", containsString(field));
    }
}
