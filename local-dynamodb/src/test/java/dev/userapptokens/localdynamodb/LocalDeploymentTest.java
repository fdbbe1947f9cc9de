package dev.userapptokens.localdynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class LocalDeploymentTest {

    private static final Path TEMPLATE = TemplateTables.findTemplate();

    @Test
    void theTemplatesRoutesAndFunctionsWithLocalTableNames() {
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-", Map.of());
        JsonNode me = local.path("routes").path(0);
        assertEquals("GET /v1/me", me.path("routeKey").asText());
        assertEquals("AdminFunction", me.path("function").asText());
        assertEquals("AuthorizerFunction", me.path("authorizer").path("function").asText());
        assertEquals("Authorization", me.path("authorizer").path("identityHeaders").path(0).asText());
        // Every route but the console's static files, the OpenAPI description and GitHub's signed
        // secret scanning reports (Auth: Authorizer: NONE) goes through the authorizer.
        local.path("routes").forEach(r -> {
            String path = r.path("path").asText();
            if (path.startsWith("/console") || path.equals("/v1/openapi.json") || path.equals("/v1/secret-scanning/github")) {
                assertTrue(r.path("authorizer").isNull(), r.toString());
            } else {
                assertEquals("AuthorizerFunction", r.path("authorizer").path("function").asText(), r.toString());
            }
        });
        assertEquals(4, java.util.stream.StreamSupport.stream(local.path("routes").spliterator(), false)
                .filter(r -> r.path("authorizer").isNull()).count(),
                "GET /console, /console/{proxy+}, /v1/openapi.json and POST /v1/secret-scanning/github");
        JsonNode admin = local.path("functions").path("AdminFunction");
        assertEquals("admin/target/function.zip", admin.path("codeUri").asText());
        assertEquals(15, admin.path("timeout").asInt());
        assertEquals(1024, admin.path("memorySize").asInt());
        assertEquals("p-users", admin.path("environment").path("USERS_TABLE").asText());
        assertEquals("p-roles", admin.path("environment").path("ROLES_TABLE").asText());
        assertEquals("http-api", local.path("functions").path("AuthorizerFunction").path("environment")
                .path("QUARKUS_LAMBDA_HANDLER").asText());
        assertEquals(List.of("AdminFunction", "AuthorizerFunction", "EventsFunction", "ExpiryFunction"),
                names(local.path("functions")), "what the HTTP API, the stream mapping and the schedule run");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theAuditStreamMappingAsLambdaRunsItAndTheBusUnderTheLocalStackName() {
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-", Map.of());
        assertEquals("p", local.path("stackName").asText());
        assertEquals(1, local.path("streams").size());
        JsonNode mapping = local.path("streams").path(0);
        assertEquals("EventsStreamMapping", mapping.path("id").asText());
        assertEquals("EventsFunction", mapping.path("function").asText());
        assertEquals("AuditTable", mapping.path("tableId").asText());
        assertEquals("p-audit", mapping.path("table").asText());
        assertEquals("TRIM_HORIZON", mapping.path("startingPosition").asText());
        assertEquals(100, mapping.path("batchSize").asInt());
        assertEquals(1, mapping.path("maximumBatchingWindowInSeconds").asInt());
        assertEquals(10, mapping.path("maximumRetryAttempts").asInt());
        assertTrue(mapping.path("bisectBatchOnFunctionError").asBoolean());
        assertTrue(mapping.path("reportBatchItemFailures").asBoolean());
        assertEquals(1, mapping.path("parallelizationFactor").asInt());
        assertEquals("EventsDeadLetterQueue", mapping.path("onFailure").path("id").asText());
        assertEquals("AWS::SQS::Queue", mapping.path("onFailure").path("type").asText());
        assertEquals("p-EventsDeadLetterQueue", mapping.path("onFailure").path("name").asText());
        assertEquals("[{\"id\":\"EventBus\",\"name\":\"p-events\"}]", local.path("eventBuses").toString(),
                "!Sub ${AWS::StackName}-events under the local stack name");
        assertEquals("p-events", local.path("functions").path("EventsFunction").path("environment")
                .path("EVENT_BUS_NAME").asText(), "!Ref EventBus is its name");
        assertEquals("p-events", local.path("functions").path("ExpiryFunction").path("environment")
                .path("EVENT_BUS_NAME").asText());
        assertEquals("audit-stream", local.path("functions").path("EventsFunction").path("environment")
                .path("QUARKUS_LAMBDA_HANDLER").asText());
        assertEquals("[{\"function\":\"ExpiryFunction\",\"event\":\"Daily\",\"schedule\":\"cron(0 8 * * ? *)\"}]",
                local.path("schedules").toString());
        assertEquals(300, local.path("functions").path("ExpiryFunction").path("timeout").asInt());
    }

    @Test
    void aMappingsDefaultsAreLambdas(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("template.yaml");
        String text = Files.readString(TEMPLATE);
        for (String line : List.of("      BatchSize: 100\n", "      MaximumBatchingWindowInSeconds: 1\n",
                "      BisectBatchOnFunctionError: true\n", "      MaximumRetryAttempts: 10\n",
                "      FunctionResponseTypes: [ReportBatchItemFailures]\n")) {
            assertTrue(text.contains(line), line);
            text = text.replace(line, "");
        }
        Files.writeString(copy, text);
        JsonNode mapping = LocalDeployment.describe(TemplateYaml.read(copy), "p-", Map.of()).path("streams").path(0);
        assertEquals(100, mapping.path("batchSize").asInt());
        assertEquals(0, mapping.path("maximumBatchingWindowInSeconds").asInt());
        assertEquals(-1, mapping.path("maximumRetryAttempts").asInt(), "retries until the record expires");
        assertFalse(mapping.path("bisectBatchOnFunctionError").asBoolean());
        assertFalse(mapping.path("reportBatchItemFailures").asBoolean());
    }

    @Test
    void aSamDynamoDbEventIsAMappingTooAndADisabledMappingIsNone(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("template.yaml");
        String text = Files.readString(TEMPLATE);
        String mapping = "    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n";
        String policies = "      Policies:\n        - !Ref EventsForwarderPolicy\n";
        assertTrue(text.contains(mapping) && text.contains(policies));
        Files.writeString(copy, text.replace(mapping, mapping + "      Enabled: false\n").replace(policies, policies
                + "      Events:\n        Audit:\n          Type: DynamoDB\n          Properties:\n"
                + "            Stream: !GetAtt AuditTable.StreamArn\n            StartingPosition: LATEST\n"
                + "            BatchSize: 7\n"));
        JsonNode streams = LocalDeployment.describe(TemplateYaml.read(copy), "p-", Map.of()).path("streams");
        assertEquals(1, streams.size(), streams.toString());
        assertEquals("EventsFunctionAudit", streams.path(0).path("id").asText());
        assertEquals("EventsFunction", streams.path(0).path("function").asText());
        assertEquals("LATEST", streams.path(0).path("startingPosition").asText());
        assertEquals(7, streams.path(0).path("batchSize").asInt());
        assertTrue(streams.path(0).path("onFailure").isNull());
    }

    @Test
    void aMappingOfAnotherSourceFailsWithItsLocation(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("template.yaml");
        String text = Files.readString(TEMPLATE);
        String source = "EventSourceArn: !GetAtt AuditTable.StreamArn";
        assertTrue(text.contains(source));
        Files.writeString(copy, text.replace(source, "EventSourceArn: !GetAtt EventsDeadLetterQueue.Arn"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalDeployment.describe(TemplateYaml.read(copy), "p-", Map.of()));
        assertTrue(e.getMessage().startsWith("EventsStreamMapping: the local run reads DynamoDB streams only"), e.getMessage());
    }

    @Test
    void aDeploymentsSecretIsListedForTheLocalRunNotInvented() {
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-", Map.of());
        JsonNode admin = local.path("functions").path("AdminFunction");
        assertEquals("CursorKeySecret", admin.path("secrets").path("CURSOR_KEY").asText());
        assertTrue(admin.path("environment").path("CURSOR_KEY").isMissingNode());
        assertEquals(0, local.path("functions").path("AuthorizerFunction").path("secrets").size(),
                "only the function that pages holds the key");
    }

    @Test
    void parameterOverridesChooseTheNativeValues() {
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-", Map.of("DeployMode", "native"));
        assertEquals(256, local.path("functions").path("AdminFunction").path("memorySize").asInt());
    }

    @Test
    void theSecretScanningKeyListIsGitHubsUnlessOverridden() {
        JsonNode github = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-", Map.of());
        assertEquals("https://api.github.com/meta/public_keys/secret_scanning", github.path("functions")
                .path("AdminFunction").path("environment").path("SECRET_SCANNING_KEYS_URL").asText());
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(TEMPLATE), "p-",
                Map.of("SecretScanningKeysUrl", "http://127.0.0.1:8900/keys"));
        assertEquals("http://127.0.0.1:8900/keys", local.path("functions").path("AdminFunction").path("environment")
                .path("SECRET_SCANNING_KEYS_URL").asText());
    }

    @Test
    void aReferenceIsNeverReadAsALiteral(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, Files.readString(TEMPLATE).replace("USERS_TABLE: !Ref UsersTable", "USERS_TABLE: !Ref RolesTable"));
        JsonNode local = LocalDeployment.describe(TemplateYaml.read(copy), "p-", Map.of());
        assertEquals("p-roles", local.path("functions").path("AdminFunction").path("environment").path("USERS_TABLE").asText());
        assertEquals(Map.of("Ref", "UsersTable"), Map.of("Ref", TemplateYaml.read(TEMPLATE).path("Globals").path("Function")
                .path("Environment").path("Variables").path("USERS_TABLE").path("Ref").asText()));
    }

    @Test
    void aValueItCannotResolveFailsWithItsLocation(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, Files.readString(TEMPLATE).replace("QUARKUS_LAMBDA_HANDLER: http-api",
                "QUARKUS_LAMBDA_HANDLER: !Sub '${AWS::Region}-x'"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalDeployment.describe(TemplateYaml.read(copy), "p-", Map.of()));
        assertTrue(e.getMessage().startsWith("AuthorizerFunction.Environment.QUARKUS_LAMBDA_HANDLER"), e.getMessage());
    }

    @Test
    void parameterOverridesMustNameATemplateParameterAndAnAllowedValue() {
        JsonNode template = TemplateYaml.read(TEMPLATE);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LocalDeployment.describe(template, "p-", Map.of("NoSuchParameter", "1")));
        assertTrue(unknown.getMessage().contains("no parameter NoSuchParameter") && unknown.getMessage().contains("DeployMode"),
                unknown.getMessage());
        IllegalArgumentException notAllowed = assertThrows(IllegalArgumentException.class,
                () -> LocalDeployment.describe(template, "p-", Map.of("DeployMode", "wasm")));
        assertTrue(notAllowed.getMessage().contains("DeployMode"), notAllowed.getMessage());
        LocalDeployment.describe(template, "p-", Map.of("DeployMode", "native"));
    }
}
