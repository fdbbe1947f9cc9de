package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.users.RoleAssignment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What a decision tells the operators, through the real handler: one JSON log line with its fields
 * (the test log file is JSON, as the console is on Lambda) and one EMF line whose metrics and
 * dimensions CloudWatch would extract; neither carries a token or its hash.
 */
@QuarkusTest
@TestProfile(HttpApiProfile.class)
class TelemetryTest {

    private static final Path LOG = Path.of("target/authorizer-test.log");

    @Inject
    DynamoWiring app;

    private static JsonNode json(String line) {
        try {
            return Lambda.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The EMF line of the last invocation. */
    private static JsonNode lastMetrics() {
        List<String> lines = CapturedMetricLines.lines();
        assertFalse(lines.isEmpty(), "no EMF line was written");
        return json(lines.get(lines.size() - 1));
    }

    /** Each directive as "dimension sets -> metric names", e.g. [[Handler]] -> [Allows, ...]. */
    private static List<String> directives(JsonNode emf) {
        List<String> found = new ArrayList<>();
        for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
            assertEquals("UserAppTokens/test", directive.path("Namespace").asText());
            List<String> metrics = new ArrayList<>();
            directive.path("Metrics").forEach(m -> metrics.add(m.path("Name").asText() + ":" + m.path("Unit").asText()));
            found.add(directive.path("Dimensions") + " -> " + metrics);
        }
        return found;
    }

    /** The JSON log lines of the decisions category. */
    private static List<JsonNode> decisionLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(LOG)) {
            if (line.startsWith("{")) {
                JsonNode record = json(line);
                if (Telemetry.CATEGORY.equals(record.path("loggerName").asText())) {
                    lines.add(record);
                }
            }
        }
        return lines;
    }

    @Test
    void anAllowIsOneLogLineAndOneMetricLine() throws IOException {
        Users.Holder who = Users.holder(app, new RoleAssignment("DEVELOPER", List.of()));
        assertTrue(Lambda.invokeJson(TestEvents.http("GET", "/v1/me", who.bearer()).toString())
                .path("isAuthorized").asBoolean());

        JsonNode emf = lastMetrics();
        assertEquals(List.of("[[\"Handler\"]] -> [Allows:Count, VerificationLatency:Milliseconds, StorageErrors:Count, ColdStarts:Count]"),
                directives(emf));
        assertEquals("http-api", emf.path("Handler").asText());
        assertEquals(1, emf.path("Allows").asInt());
        assertEquals(0, emf.path("StorageErrors").asInt());
        assertTrue(emf.path("VerificationLatency").isNumber() && emf.path("VerificationLatency").asDouble() > 0);
        assertTrue(emf.path("_aws").path("Timestamp").asLong() > 1_700_000_000_000L);
        assertFalse(emf.has("tokenId") || emf.has("userId"), "no token or user in the metrics: " + emf);

        JsonNode line = decisionLines().stream()
                .filter(l -> who.issued().info().id().equals(l.path("mdc").path("tokenId").asText())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no decision line for the token"));
        JsonNode mdc = line.path("mdc");
        assertEquals("INFO", line.path("level").asText());
        assertEquals("allow", mdc.path("decision").asText());
        assertEquals("http-api", mdc.path("handler").asText());
        assertEquals(who.user().id(), mdc.path("userId").asText());
        assertEquals(emf.path("AWSRequestId").asText(), mdc.path("AWSRequestId").asText());
        assertFalse(mdc.path("AWSRequestId").asText().isEmpty());
        assertTrue(Double.parseDouble(mdc.path("latencyMs").asText()) > 0);
        assertTrue(Set.of("true", "false").contains(mdc.path("coldStart").asText()));
        assertFalse(mdc.has("denyReason"));
    }

    @Test
    void aDenyCountsItsReason() throws IOException {
        String unknown = "Bearer " + new TokenFormat().generate();
        assertFalse(Lambda.invokeJson(TestEvents.http("GET", "/v1/me", unknown).toString()).path("isAuthorized").asBoolean());
        JsonNode emf = lastMetrics();
        assertEquals(List.of("[[\"Handler\"]] -> [VerificationLatency:Milliseconds, StorageErrors:Count, ColdStarts:Count]",
                "[[\"Handler\"],[\"Reason\"],[\"Handler\",\"Reason\"]] -> [Denies:Count]"), directives(emf));
        assertEquals("UNKNOWN", emf.path("Reason").asText());
        assertEquals(1, emf.path("Denies").asInt());
        assertFalse(emf.has("Allows"));

        Lambda.invoke("{\"not\":\"an event\"}");
        assertEquals("MALFORMED", lastMetrics().path("Reason").asText());

        Users.Holder developer = Users.holder(app, new RoleAssignment("DEVELOPER", List.of()));
        Lambda.invokeJson(TestEvents.http("GET", "/v1/users", developer.bearer()).toString());
        assertEquals("NOT_PERMITTED", lastMetrics().path("Reason").asText());
        JsonNode line = decisionLines().get(decisionLines().size() - 1);
        assertEquals("deny", line.path("mdc").path("decision").asText());
        assertEquals("NOT_PERMITTED", line.path("mdc").path("denyReason").asText());
        assertEquals(developer.issued().info().id(), line.path("mdc").path("tokenId").asText(), "the token id when known");
    }

    /** The log of this run (every test class so far) holds none of the tokens these tests made, nor their hashes. */
    @Test
    void noTokenNorHashIsLogged() throws Exception {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Users.Holder who = Users.holder(app, new RoleAssignment("DEVELOPER", List.of()));
            Lambda.invoke(TestEvents.http("GET", "/v1/me", who.bearer()).toString());
            Lambda.invoke(TestEvents.http("DELETE", "/v1/users/x", who.bearer()).toString());
            Lambda.invoke(TestEvents.http("GET", "/v1/me", "Bearer " + who.token() + "x").toString());
            secrets.add(who.token());
            secrets.add(TokenHash.of(who.token()));
            secrets.add(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(who.token().getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        }
        String logged = Files.readString(LOG);
        assertTrue(logged.contains("\"decision\":\"allow\""), "the log holds the decisions");
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a token or hash in the log");
            for (String line : CapturedMetricLines.lines()) {
                assertFalse(line.contains(secret), "a token or hash in the metrics");
            }
        }
    }
}
