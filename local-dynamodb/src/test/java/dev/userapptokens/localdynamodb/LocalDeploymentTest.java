package dev.userapptokens.localdynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // Every route but the console's static files and the OpenAPI description (Auth: Authorizer: NONE)
        // goes through the authorizer.
        local.path("routes").forEach(r -> {
            if (r.path("path").asText().startsWith("/console") || r.path("path").asText().equals("/v1/openapi.json")) {
                assertTrue(r.path("authorizer").isNull(), r.toString());
            } else {
                assertEquals("AuthorizerFunction", r.path("authorizer").path("function").asText(), r.toString());
            }
        });
        assertEquals(3, java.util.stream.StreamSupport.stream(local.path("routes").spliterator(), false)
                .filter(r -> r.path("authorizer").isNull()).count(), "GET /console, /console/{proxy+} and /v1/openapi.json");
        JsonNode admin = local.path("functions").path("AdminFunction");
        assertEquals("admin/target/function.zip", admin.path("codeUri").asText());
        assertEquals(15, admin.path("timeout").asInt());
        assertEquals(1024, admin.path("memorySize").asInt());
        assertEquals("p-users", admin.path("environment").path("USERS_TABLE").asText());
        assertEquals("p-roles", admin.path("environment").path("ROLES_TABLE").asText());
        assertEquals("http-api", local.path("functions").path("AuthorizerFunction").path("environment")
                .path("QUARKUS_LAMBDA_HANDLER").asText());
        assertEquals(2, local.path("functions").size(), "only what the HTTP API needs");
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
                "QUARKUS_LAMBDA_HANDLER: !Sub '${AWS::StackName}-x'"));
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
