package dev.userapptokens.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Header values the HTTP layer refuses, sent as API Gateway events straight to the function (as
 * the gateway or any caller of the function would; an HTTP client would clean them first): each
 * gets a problem body, never a bare 500, and no log line at any level ever holds the token.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class HeaderSafetyTest {

    /** VT, FF, FS..US, CR, LF and Unicode spaces: none is HTTP's optional whitespace. */
    private static final String[] NOT_OPTIONAL_WHITESPACE = {"\u000b", "\f", "\u001c", "\u001d", "\u001e", "\u001f",
            "\u2000", "\u2028", "\u3000", "\r", "\n", "\r\n"};

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(' ').append(t);
            }
            synchronized (logged) {
                logged.add(line.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;

    /**
     * The test's own HTTP clients (RestAssured's, the JDK's) run in this JVM and log the requests
     * they send; they are the caller, not the function, and stay at their usual level.
     */
    private static final String[] CALLER_CATEGORIES = {"org.apache.http", "io.restassured", "sun.net.www"};

    /** Every record of every category of the function, at every level the build keeps, while the test runs. */
    @BeforeEach
    void captureLog() {
        for (String category : CALLER_CATEGORIES) {
            Logger.getLogger(category).setLevel(Level.INFO);
        }
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.FINEST);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        for (String category : CALLER_CATEGORIES) {
            Logger.getLogger(category).setLevel(null);
        }
    }

    private static JsonPath answer(io.restassured.response.Response response) {
        assertEquals(200, response.statusCode(), "the function answered");
        return response.jsonPath();
    }

    private static void assertProblem(JsonPath answer, int... statuses) {
        int status = answer.getInt("statusCode");
        assertTrue(java.util.Arrays.stream(statuses).anyMatch(s -> s == status), "status " + status + ": " + answer.prettify());
        String contentType = answer.getString("headers.Content-Type");
        if (contentType == null) {
            contentType = answer.getString("headers.content-type");
        }
        assertEquals("application/problem+json", contentType, answer.prettify());
        JsonPath problem = JsonPath.from(answer.getString("body"));
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("code") != null, answer.prettify());
    }

    @Test
    void aTokenWithAnyOtherWhitespaceIsDeniedAndNeverLogged() throws Exception {
        String token = Api.issueToken(Api.createDeveloper());
        assertEquals(200, answer(Api.event("GET", "/v1/me", Map.of("Authorization", "Bearer " + token), null))
                .getInt("statusCode"));
        List<JsonPath> answers = new ArrayList<>();
        for (String c : NOT_OPTIONAL_WHITESPACE) {
            for (String header : new String[] {"Bearer " + token + c, c + "Bearer " + token, "Bearer " + c + token}) {
                answers.add(answer(Api.event("GET", "/v1/me", Map.of("Authorization", header), null)));
            }
        }
        // The log first: without HeaderCheckingHttpHandler, Quarkus logged "Request Failure" with the token.
        List<String> lines;
        synchronized (logged) {
            lines = List.copyOf(logged);
        }
        assertFalse(lines.isEmpty(), "the capture saw the requests' log lines");
        for (String line : lines) {
            assertFalse(line.contains(token.substring(0, 24)), "(part of) the token in a log line: " + line);
        }
        for (JsonPath answer : answers) {
            assertProblem(answer, 400, 401);
            assertFalse(answer.prettify().contains(token), "token echoed");
        }
    }

    @Test
    void aHeaderValueTheHttpLayerRefusesIsA400Problem() throws Exception {
        String admin = "Bearer " + LocalDynamoResource.adminToken();
        for (String value : new String[] {"a\u0001b", "a\u0000b", "a\u007fb", "a\rb", "a\nb", "a\u000bb"}) {
            JsonPath answer = answer(Api.event("GET", "/v1/roles", Map.of("Authorization", admin, "X-Note", value), null));
            assertProblem(answer, 400);
            assertEquals("VALIDATION", JsonPath.from(answer.getString("body")).getString("code"));
        }
        JsonPath badName = answer(Api.event("GET", "/v1/roles", Map.of("Authorization", admin, "X No\u0001te", "a"), null));
        assertProblem(badName, 400);
        // The same headers without the refused character pass.
        assertEquals(200, answer(Api.event("GET", "/v1/roles", Map.of("Authorization", admin, "X-Note", "a b"), null))
                .getInt("statusCode"));
    }

    /**
     * A query string with a malformed percent-escape ({@code %ZZ}, a lone {@code %}): Vert.x refused
     * it with a bare 400 and no body, before any resource or the problem mapper saw it, on every
     * route (the public OpenAPI document too). Now a problem like every other 400.
     */
    @Test
    void aMalformedPercentEscapeInTheQueryIsA400Problem() {
        Map<String, String> admin = Map.of("Authorization", "Bearer " + LocalDynamoResource.adminToken());
        for (String query : new String[] {"cursor=%ZZ", "limit=%", "limit=1%", "%=1", "a=%2", "cursor=%u0041", "x=%G0", "x=%\uFF11\uFF11"}) {
            JsonPath audit = answer(Api.event("GET", "/v1/audit?" + query, admin, null));
            assertProblem(audit, 400);
            assertEquals("VALIDATION", JsonPath.from(audit.getString("body")).getString("code"), query);
            assertProblem(answer(Api.event("GET", "/v1/users?" + query, admin, null)), 400);
            assertProblem(answer(Api.event("GET", "/v1/openapi.json?" + query, Map.of(), null)), 400);
        }
        // Well-formed escapes, '+' and a bare value pass.
        for (String query : new String[] {"limit=1", "limit=%31", "x=%2B+y", "x", "x=%C3%A9"}) {
            assertEquals(200, answer(Api.event("GET", "/v1/audit?" + query, admin, null)).getInt("statusCode"), query);
        }
    }

    /**
     * A path with a malformed percent-escape or a character a URI path cannot hold raw (backslash,
     * quote, '|', '{', '^', '`', '<', a space): Vert.x refused it with a bare 400 and no body, on the
     * console's public route too (GET /console/{proxy+} takes any path under it). Now a problem.
     */
    @Test
    void aPathTheHttpLayerCannotParseIsA400Problem() {
        Map<String, String> admin = Map.of("Authorization", "Bearer " + LocalDynamoResource.adminToken());
        for (String path : new String[] {"/console/%", "/console/%zz", "/console/a%", "/console/%2", "/console/\\..\\x",
                "/console/a\"b", "/console/a|b", "/console/a{b}", "/console/a^b", "/console/a`b", "/console/a<b>", "/console/a b"}) {
            JsonPath answer = answer(Api.event("GET /console/{proxy+}", "GET", path, Map.of(), null));
            assertProblem(answer, 400);
            assertEquals("VALIDATION", JsonPath.from(answer.getString("body")).getString("code"), path);
            assertProblem(answer(Api.event("GET", path.replace("/console/", "/v1/users/"), admin, null)), 400);
        }
        // Well-formed escapes and the characters a path may hold still reach the routes.
        for (String path : new String[] {"/console/%C3%A9", "/console/a~b", "/console/a!$&'()*+,=:@b", "/console/%5C"}) {
            assertProblem(answer(Api.event("GET /console/{proxy+}", "GET", path, Map.of(), null)), 404);
        }
        assertEquals(200, answer(Api.event("GET /console/{proxy+}", "GET", "/console/app.js", Map.of(), null)).getInt("statusCode"));
    }
}
