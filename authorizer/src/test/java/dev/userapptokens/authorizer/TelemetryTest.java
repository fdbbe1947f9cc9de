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
 * What a decision tells the operators, through the real handler: one line, an EMF line whose
 * metrics and dimensions CloudWatch would extract and which carries the decision's log fields;
 * without EMF a log record with its fields in the MDC (the test log file is JSON, as the console is
 * on Lambda). No line carries a token or its hash.
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
    void anAllowIsOneLineWithItsMetricsAndItsLogFields() throws IOException {
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
        for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
            assertEquals("[[\"Handler\"]]", directive.path("Dimensions").toString(), "no token or user dimension");
        }

        assertEquals("INFO", emf.path("level").asText());
        assertEquals(Telemetry.CATEGORY, emf.path("loggerName").asText());
        assertEquals("allow", emf.path("decision").asText());
        assertEquals(who.issued().info().id(), emf.path("tokenId").asText());
        assertEquals(who.user().id(), emf.path("userId").asText());
        assertTrue(emf.path("coldStart").isBoolean());
        assertFalse(emf.path("AWSRequestId").asText().isEmpty());
        assertTrue(emf.path("message").asText().startsWith("allow token=" + who.issued().info().id()), emf.toString());
        assertFalse(emf.has("Reason"));
        assertTrue(decisionLines().stream().noneMatch(l -> l.toString().contains(who.issued().info().id())),
                "one line per decision: no log record besides the EMF line");
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
        JsonNode notPermitted = lastMetrics();
        assertEquals("NOT_PERMITTED", notPermitted.path("Reason").asText());
        assertEquals("deny", notPermitted.path("decision").asText());
        assertEquals(developer.issued().info().id(), notPermitted.path("tokenId").asText(), "the token id when known");
    }

    /** Without EMF (text logs locally, or JSON logs with the metrics off): a log record, fields in the MDC. */
    @Test
    void withoutEmfTheDecisionIsALogRecordWithItsFieldsInTheMdc() throws IOException {
        List<String> lines = new ArrayList<>();
        Telemetry telemetry = new Telemetry(new StorageErrors(), lines::add, false, "ns", true);
        String tokenId = "tok_" + System.nanoTime();
        telemetry.started("req-" + tokenId);
        telemetry.decided(HttpApiHandler.NAME, new Decision.Deny(dev.userapptokens.core.auth.DenyReason.NOT_PERMITTED,
                new dev.userapptokens.core.auth.Principal("usr_x", "x@example.com", tokenId, List.of())), System.nanoTime(), "req-" + tokenId);
        assertEquals(List.of(), lines, "no EMF line");
        JsonNode line = decisionLines().stream().filter(l -> tokenId.equals(l.path("mdc").path("tokenId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no decision record"));
        JsonNode mdc = line.path("mdc");
        assertEquals("INFO", line.path("level").asText());
        assertEquals("deny", mdc.path("decision").asText());
        assertEquals("NOT_PERMITTED", mdc.path("denyReason").asText());
        assertEquals("http-api", mdc.path("handler").asText());
        assertEquals("usr_x", mdc.path("userId").asText());
        assertEquals("req-" + tokenId, mdc.path("AWSRequestId").asText());
        assertTrue(mdc.has("latencyMs") && mdc.has("coldStart"));
        assertEquals("deny NOT_PERMITTED token=" + tokenId + " user=usr_x", line.path("message").asText().replaceAll(" [0-9.]+ms.*", ""));
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
        assertTrue(logged.length() > 0, "the test run's log");
        assertTrue(CapturedMetricLines.lines().stream().anyMatch(l -> l.contains("\"decision\":\"allow\"")), "the decisions' lines");
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a token or hash in the log");
            for (String line : CapturedMetricLines.lines()) {
                assertFalse(line.contains(secret), "a token or hash in the metrics");
            }
        }
    }
}
