package dev.userapptokens.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.TemplateTables;
import dev.userapptokens.localdynamodb.TemplateYaml;

/**
 * template.yaml against the code: every JAX-RS route is on the HTTP API and every API route has a
 * resource; the environment variables the template sets are the ones the functions read; the
 * tables the code and tests use are the template's.
 */
class TemplateContractTest {

    private static final Path ROOT = TemplateTables.findTemplate().getParent();
    private static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION");
    /** Read by the runtime rather than by application.properties. */
    private static final Set<String> READ_BY_RUNTIME = Set.of("DISABLE_SIGNAL_HANDLERS");
    /** Read by the code for local runs only; deliberately absent from the template. */
    private static final Pattern LOCAL_ONLY = Pattern.compile("UAT_.*");

    private static JsonNode template() throws IOException {
        return TemplateYaml.read(ROOT.resolve("template.yaml"));
    }

    private static Set<String> jaxRsRoutes() throws Exception {
        Set<String> routes = new TreeSet<>();
        Path classes = ROOT.resolve("admin/target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, TemplateContractTest.class.getClassLoader());
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (var annotation : method.getAnnotations()) {
                        HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                        if (http != null) {
                            jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                            String path = base.value() + (sub == null ? "" : "/" + sub.value());
                            routes.add(http.value() + " " + path.replaceAll("/+", "/"));
                        }
                    }
                }
            }
        }
        return routes;
    }

    /**
     * Served without a token: the console's static files (admin/src/main/resources/META-INF/resources/console/),
     * the OpenAPI description (quarkus.smallrye-openapi.path, not a JAX-RS resource) and GitHub's
     * signed secret scanning reports (a resource, authenticated by its signature).
     */
    private static final Set<String> PUBLIC_ROUTES = Set.of("GET /console", "GET /console/{proxy+}", "GET /v1/openapi.json",
            "POST /v1/secret-scanning/github");

    /** The public routes that are no JAX-RS resource. */
    private static final Set<String> NOT_RESOURCES = Set.of("GET /console", "GET /console/{proxy+}", "GET /v1/openapi.json");

    private static Set<String> apiRoutes(JsonNode template) {
        return apiRoutes(template, false);
    }

    /** The admin function's HTTP API routes: those behind the authorizer, or (public) those that opt out. */
    private static Set<String> apiRoutes(JsonNode template, boolean withoutAuthorizer) {
        Set<String> routes = new TreeSet<>();
        template.path("Resources").path("AdminFunction").path("Properties").path("Events").forEach(event -> {
            if ("HttpApi".equals(event.path("Type").asText())) {
                boolean none = "NONE".equals(event.path("Properties").path("Auth").path("Authorizer").asText(null));
                if (none == withoutAuthorizer) {
                    routes.add(event.path("Properties").path("Method").asText().toUpperCase() + " "
                            + event.path("Properties").path("Path").asText());
                }
            }
        });
        return routes;
    }

    @Test
    void everyResourceRouteIsOnTheApiAndEveryApiRouteHasAResource() throws Exception {
        Set<String> code = jaxRsRoutes();
        JsonNode template = template();
        Set<String> api = apiRoutes(template);
        Set<String> open = apiRoutes(template, true);
        open.removeAll(NOT_RESOURCES); // static files and the generated document
        api.addAll(open);
        assertTrue(code.size() >= 11, "found the resources: " + code);
        assertEquals(code, api);
    }

    /**
     * Every API route is behind the default authorizer; only the console's files and the OpenAPI
     * document (GET) and GitHub's secret scanning reports (POST, checked by their signature) opt out.
     */
    @Test
    void onlyThePublicRoutesAreOutsideTheAuthorizer() throws Exception {
        JsonNode template = template();
        assertEquals("AppTokenAuthorizer",
                template.path("Resources").path("HttpApi").path("Properties").path("Auth").path("DefaultAuthorizer").asText());
        assertEquals(new TreeSet<>(PUBLIC_ROUTES), apiRoutes(template, true));
        template.path("Resources").path("AdminFunction").path("Properties").path("Events").forEach(event -> {
            JsonNode auth = event.path("Properties").path("Auth");
            String path = event.path("Properties").path("Path").asText();
            if (!PUBLIC_ROUTES.contains(event.path("Properties").path("Method").asText() + " " + path)) {
                assertTrue(auth.isMissingNode(), path + " must use the default authorizer, not " + auth);
            }
        });
        assertTrue(Files.isRegularFile(ROOT.resolve("admin/src/main/resources/META-INF/resources/console/index.html")));
    }

    /** The environment variables core reads the table names from (Tables.fromEnvironment). */
    private static final List<String> TABLE_VARIABLES =
            List.of(Tables.USERS_ENV, Tables.ROLES_ENV, Tables.TOKENS_ENV, Tables.AUDIT_ENV);

    /**
     * What a function reads: the table variables (through core's Tables) and the names in ${NAME}
     * or ${NAME:default} expressions of its application.properties.
     */
    private static Set<String> variablesRead(String module) throws IOException {
        Set<String> names = new HashSet<>(TABLE_VARIABLES);
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]")
                .matcher(Files.readString(ROOT.resolve(module + "/src/main/resources/application.properties")));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> variablesSet(JsonNode template, String function) {
        Set<String> names = new HashSet<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fieldNames()
                .forEachRemaining(names::add);
        template.path("Resources").path(function).path("Properties").path("Environment").path("Variables")
                .fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String localValue(JsonNode template, String name) {
        return template.path("Globals").path("Function").path("Environment").path("Variables").path(name).asText();
    }

    @Test
    void environmentVariablesTheTemplateSetsAreTheOnesTheCodeReads() throws IOException {
        JsonNode template = template();
        Map<String, String> functions = Map.of("AdminFunction", "admin", "AuthorizerFunction", "authorizer",
                "RestAuthorizerFunction", "authorizer", "EventsFunction", "events", "ExpiryFunction", "events");
        Set<String> declared = new TreeSet<>();
        template.path("Resources").fields().forEachRemaining(r -> {
            if ("AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                declared.add(r.getKey());
            }
        });
        assertEquals(new TreeSet<>(functions.keySet()), declared, "every function's variables are checked");
        for (var function : functions.entrySet()) {
            Set<String> set = variablesSet(template, function.getKey());
            Set<String> read = variablesRead(function.getValue());
            for (String name : read) {
                if (!SET_BY_LAMBDA.contains(name) && !LOCAL_ONLY.matcher(name).matches()) {
                    assertTrue(set.contains(name), function.getKey() + " reads " + name + " but the template does not set it");
                }
            }
            for (String name : set) {
                if (!READ_BY_RUNTIME.contains(name)) {
                    assertTrue(read.contains(name), function.getKey() + " is given " + name + " but never reads it");
                }
            }
            for (String name : set) {
                if (LOCAL_ONLY.matcher(name).matches()) {
                    assertEquals("", localValue(template, name), name + " is for sam local only: empty on AWS");
                }
            }
        }
        for (String env : TABLE_VARIABLES) {
            assertTrue(variablesSet(template, "AdminFunction").contains(env), env);
        }
    }

    /** The cursor key is the stack's own generated secret, and only the function that pages is given it. */
    @Test
    void theCursorKeyIsTheStacksSecretGivenOnlyToTheAdminFunction() throws IOException {
        JsonNode template = template();
        JsonNode secret = template.path("Resources").path("CursorKeySecret");
        assertEquals("AWS::SecretsManager::Secret", secret.path("Type").asText());
        JsonNode generated = secret.path("Properties").path("GenerateSecretString");
        assertTrue(generated.path("ExcludePunctuation").asBoolean(), "letters and digits: 62 symbols, 5.95 bits each");
        assertTrue(generated.path("PasswordLength").asInt() >= 43, "at least 256 bits: 43 letters or digits");
        assertEquals("{\"Fn::Sub\":\"{{resolve:secretsmanager:${CursorKeySecret}:SecretString}}\"}",
                template.path("Resources").path("AdminFunction").path("Properties").path("Environment")
                        .path("Variables").path("CURSOR_KEY").toString());
        assertFalse(variablesSet(template, "AuthorizerFunction").contains("CURSOR_KEY"));
        assertFalse(variablesSet(template, "RestAuthorizerFunction").contains("CURSOR_KEY"));
    }

    @Test
    void theTablesTheTestsCreateAreTheTemplates() throws IOException {
        TemplateTables tables = TemplateTables.read(ROOT.resolve("template.yaml"));
        assertEquals(List.of("UsersTable", "RolesTable", "TokensTable", "AuditTable"), tables.logicalIds());
        Tables local = Tables.withPrefix("p-");
        assertEquals(List.of(local.users(), local.roles(), local.tokens(), local.audit()),
                tables.logicalIds().stream().map(id -> TemplateTables.localName("p-", id)).toList());
        assertEquals("expiresAt", tables.ttlAttribute("TokensTable"));
    }

    /** Each table variable, wherever the template sets it, is exactly {@code !Ref} of its own table. */
    @Test
    void eachTableVariableRefersToItsOwnTable() throws IOException {
        assertEquals(List.of(), tableVariableErrors(template()));
    }

    /** The check above can fail: a copy of the template with one variable pointing elsewhere. */
    @Test
    void aTableVariablePointingAtAnotherTableIsCaught() throws IOException {
        String text = Files.readString(ROOT.resolve("template.yaml"));
        String right = "USERS_TABLE: !Ref UsersTable";
        assertTrue(text.contains(right), "the template sets " + right);
        assertEquals(List.of("Globals.Function: USERS_TABLE is {\"Ref\":\"RolesTable\"}, not !Ref UsersTable"),
                tableVariableErrors(TemplateYaml.parse(text.replace(right, "USERS_TABLE: !Ref RolesTable"))));
        assertEquals(List.of("Globals.Function: USERS_TABLE is \"UsersTable\", not !Ref UsersTable"),
                tableVariableErrors(TemplateYaml.parse(text.replace(right, "USERS_TABLE: UsersTable"))),
                "a plain string is not a reference");
    }

    private static List<String> tableVariableErrors(JsonNode template) {
        Map<String, JsonNode> scopes = new LinkedHashMap<>();
        scopes.put("Globals.Function", template.path("Globals").path("Function"));
        template.path("Resources").fields().forEachRemaining(resource -> {
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                scopes.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        });
        Map<String, String> tableOf = Map.of(Tables.USERS_ENV, "UsersTable", Tables.ROLES_ENV, "RolesTable",
                Tables.TOKENS_ENV, "TokensTable", Tables.AUDIT_ENV, "AuditTable");
        List<String> errors = new ArrayList<>();
        int seen = 0;
        for (var scope : scopes.entrySet()) {
            JsonNode variables = scope.getValue().path("Environment").path("Variables");
            for (String env : TABLE_VARIABLES) {
                JsonNode value = variables.path(env);
                if (value.isMissingNode()) {
                    continue;
                }
                seen++;
                if (!value.equals(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("Ref", tableOf.get(env)))) {
                    errors.add(scope.getKey() + ": " + env + " is " + value + ", not !Ref " + tableOf.get(env));
                }
            }
        }
        if (seen < TABLE_VARIABLES.size()) {
            errors.add("the template sets only " + seen + " table variables");
        }
        return errors;
    }

    @Test
    void theTemplatePassesCfnLintWhenItIsInstalled() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v cfn-lint").start();
        // A skip, reported as one, not a pass: .ci/run runs cfn-lint itself and fails when it is missing.
        Assumptions.assumeTrue(which.waitFor() == 0, "cfn-lint is not installed");
        Process lint = new ProcessBuilder("cfn-lint", "--non-zero-exit-code", "error", "template.yaml")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), output);
    }
}
