package dev.userapptokens.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The console's files through the real Lambda handler: public (no token), with a strict CSP,
 * nosniff and no-cache; the API next to them still wants a token.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class ConsoleTest {

    private static final Path FILES = Path.of("src/main/resources/META-INF/resources/console");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

    private static ValidatableResponse consoleHeaders(ValidatableResponse response) {
        return response.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache")
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void theConsoleLoadsWithoutAToken() {
        consoleHeaders(given().get("/console/").then().statusCode(200))
                .contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"app.js\"></script>"));
        consoleHeaders(given().get("/console/index.html").then().statusCode(200)).contentType(startsWith("text/html"));
    }

    @Test
    void everyFileIsServedWithItsTypeAndTheHeaders() throws IOException {
        List<String> files = consoleFiles();
        assertTrue(files.size() >= 10, "found the console's files: " + files);
        for (String file : files) {
            String type = file.endsWith(".js") ? "javascript" : file.endsWith(".css") ? "text/css"
                    : file.endsWith(".svg") ? "image/svg+xml" : "text/html";
            consoleHeaders(given().get("/console/" + file).then().statusCode(200)).contentType(containsString(type))
                    .body(equalTo(Files.readString(FILES.resolve(file))));
        }
    }

    @Test
    void aTokenIsNeitherNeededNorLookedAt() {
        // A malformed Authorization header on a console file: still just the file, never a 401.
        consoleHeaders(given().header("Authorization", "Bearer nope").get("/console/app.js").then().statusCode(200));
        given().get("/v1/me").then().statusCode(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        given().get("/v1/users").then().statusCode(401);
    }

    @Test
    void withoutTheSlashItGoesOnToTheSlash() {
        given().redirects().follow(false).get("/console").then().statusCode(302).header("Location", "console/");
    }

    /** The raw events API Gateway sends, path exactly as given (Vert.x would match /console/ as /console). */
    @Test
    void theGatewaysEventsForBothPaths() {
        Api.event("GET", "/console/", Map.of(), null).then().statusCode(200)
                .body("statusCode", equalTo(200)).body("headers.Content-Security-Policy", equalTo(CSP))
                .body("headers.content-type", startsWith("text/html"));
        Api.event("GET", "/console", Map.of(), null).then().statusCode(200)
                .body("statusCode", equalTo(302)).body("headers.Location", equalTo("console/"));
    }

    @Test
    void anUnknownFileIsA404WithTheSameHeaders() {
        consoleHeaders(given().get("/console/nothing.js").then().statusCode(404));
        given().get("/console/../v1/me").then().statusCode(not(equalTo(200)));
    }

    /** No inline script, style or event handler: what the CSP forbids must not be needed. */
    @Test
    void theFilesNeedNothingTheCspForbids() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern styleAttribute = Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE);
        Pattern markupFromText = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function");
        for (String file : consoleFiles()) {
            String text = Files.readString(FILES.resolve(file));
            if (file.endsWith(".html")) {
                assertFalse(inlineScript.matcher(text).find(), file + " has an inline script");
                assertFalse(handler.matcher(text).find(), file + " has an inline event handler");
                assertFalse(styleAttribute.matcher(text).find(), file + " has inline style");
                assertFalse(text.contains("http://") || text.contains("https://"), file + " loads from elsewhere");
            }
            if (file.endsWith(".js")) {
                assertFalse(markupFromText.matcher(text).find(), file + " turns text into markup or code");
                assertFalse(Pattern.compile("localStorage\\s*[.\\[]|document\\.cookie").matcher(text).find(),
                        file + " keeps data beyond the tab");
            }
        }
    }

    private static List<String> consoleFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(FILES)) {
            List<String> files = walk.filter(Files::isRegularFile).map(p -> FILES.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            assertEquals(files.stream().distinct().count(), files.size());
            return files;
        }
    }
}
