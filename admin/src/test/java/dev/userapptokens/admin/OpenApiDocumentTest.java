package dev.userapptokens.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.admin.api.Problem;
import dev.userapptokens.localdynamodb.TemplateTables;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * {@code GET /v1/openapi.json} against API.md: served without a token; every endpoint of API.md
 * (method, path, query parameters, status codes, quoted field names) is in it and it has no other
 * operation; the problem codes are API.md's; and it is a valid OpenAPI 3 document.
 *
 * <p>API.md's "Errors" and "Endpoints" sections are copied in {@code api-contract.md} (test
 * resources), so the test runs without the shared folder; where {@code ../shared/API.md} is
 * present, the copy must be identical to it.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = TemplateTables.findTemplate().getParent();
    /** The document as the build made it (quarkus.smallrye-openapi.store-schema-directory): the one served. */
    private static final Path DOCUMENT = ROOT.resolve("admin/target/openapi/openapi.json");
    private static final Pattern HEADING = Pattern.compile("(?m)^### `([A-Z]+) ([^`]+)`.*$");
    private static final Pattern STATUS = Pattern.compile("`([1-5][0-9]{2})[ `]");
    private static final Pattern QUOTED_NAME = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One endpoint of API.md: its heading and what its section names. */
    record Endpoint(String method, String path, Set<String> queryParameters, Set<String> statuses, Set<String> names) {
        String key() {
            return method + " " + path;
        }
    }

    static String contract() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/api-contract.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<Endpoint> endpoints(String contract) {
        List<Endpoint> endpoints = new ArrayList<>();
        Matcher heading = HEADING.matcher(contract);
        List<int[]> spans = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (heading.find()) {
            spans.add(new int[] {heading.start(), heading.end()});
            heads.add(new String[] {heading.group(1), heading.group(2)});
        }
        for (int i = 0; i < heads.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : contract.length();
            String section = contract.substring(spans.get(i)[1], end);
            int nextPart = section.indexOf("\n## ");
            if (nextPart >= 0) {
                section = section.substring(0, nextPart);
            }
            String target = heads.get(i)[1];
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            Set<String> query = new TreeSet<>();
            if (target.contains("?")) {
                for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
                    query.add(pair.replace("=", ""));
                }
            }
            endpoints.add(new Endpoint(heads.get(i)[0], path, query, matches(STATUS, section), matches(QUOTED_NAME, section)));
        }
        return endpoints;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static JsonNode document() throws IOException {
        assertTrue(Files.isRegularFile(DOCUMENT), "the build stores the document at " + DOCUMENT);
        return JSON.readTree(DOCUMENT.toFile());
    }

    /** What is wrong with {@code document} against {@code endpoints}; empty when it describes exactly them. */
    static List<String> differences(JsonNode document, List<Endpoint> endpoints) {
        List<String> errors = new ArrayList<>();
        Set<String> described = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                described.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        Set<String> contracted = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            contracted.add(endpoint.key());
            JsonNode pathItem = document.path("paths").path(endpoint.path());
            JsonNode operation = pathItem.path(endpoint.method().toLowerCase());
            if (operation.isMissingNode()) {
                errors.add(endpoint.key() + ": not in the document");
                continue;
            }
            for (String status : endpoint.statuses()) {
                if (!operation.path("responses").has(status)) {
                    errors.add(endpoint.key() + ": no " + status + " response");
                }
            }
            Set<String> parameters = new HashSet<>();
            for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
                for (JsonNode parameter : list) {
                    JsonNode resolved = resolve(document, parameter);
                    if ("query".equals(resolved.path("in").asText())) {
                        parameters.add(resolved.path("name").asText());
                    }
                }
            }
            for (String query : endpoint.queryParameters()) {
                if (!parameters.contains(query)) {
                    errors.add(endpoint.key() + ": no query parameter " + query);
                }
            }
            Set<String> names = new HashSet<>();
            collectNames(document, operation, names, new HashSet<>());
            for (String name : endpoint.names()) {
                if (!names.contains(name)) {
                    errors.add(endpoint.key() + ": \"" + name + "\" is no field or value of its bodies");
                }
            }
        }
        for (String operation : described) {
            if (!contracted.contains(operation)) {
                errors.add(operation + ": in the document but not in API.md");
            }
        }
        return errors;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual() || !ref.asText().startsWith("#/")) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asText().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    /** Property names, enum and const values and string examples reachable from {@code node}, through every $ref. */
    private static void collectNames(JsonNode document, JsonNode node, Set<String> names, Set<String> seenRefs) {
        if (node.isObject()) {
            JsonNode ref = node.path("$ref");
            if (ref.isTextual() && seenRefs.add(ref.asText())) {
                collectNames(document, resolve(document, node), names, seenRefs);
            }
            node.path("properties").fieldNames().forEachRemaining(names::add);
            for (String values : List.of("enum", "examples")) {
                node.path(values).forEach(value -> names.add(value.asText()));
            }
            if (node.has("const")) {
                names.add(node.path("const").asText());
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectNames(document, it.next(), names, seenRefs);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectNames(document, element, names, seenRefs));
        }
    }

    @Test
    void servedWithoutATokenAsTheStoredDocument() throws IOException {
        String served = given().get("/v1/openapi.json").then().statusCode(200)
                .contentType(startsWith("application/json")).extract().asString();
        assertEquals(document(), JSON.readTree(served));
        given().header("Authorization", "Bearer not-a-token").head("/v1/openapi.json").then().statusCode(200);
        given().get("/v1/me").then().statusCode(401); // the API beside it still wants a token
    }

    @Test
    void everyEndpointOfApiMdIsDescribedAndNothingElse() throws IOException {
        List<Endpoint> endpoints = endpoints(contract());
        assertTrue(endpoints.size() >= 20, "found API.md's endpoints: " + endpoints);
        assertEquals(List.of(), differences(document(), endpoints));
    }

    /** The comparison can fail: an operation removed, a status dropped, a field renamed, an extra route. */
    @Test
    void aDriftFromApiMdIsCaught() throws IOException {
        List<Endpoint> endpoints = endpoints(contract());
        ObjectNode drifted = (ObjectNode) document().deepCopy();
        ((ObjectNode) drifted.path("paths").path("/v1/tokens/revoke")).remove("post");
        ((ObjectNode) drifted.path("paths").path("/v1/users/{id}").path("delete").path("responses")).remove("404");
        ObjectNode meProperties = (ObjectNode) drifted.path("components").path("schemas").path("MeBody").path("properties");
        meProperties.set("tokenID", meProperties.remove("tokenId"));
        ((ObjectNode) drifted.path("paths")).putObject("/v1/extra").putObject("get");
        assertEquals(List.of("DELETE /v1/users/{id}: no 404 response",
                        "GET /v1/me: \"tokenId\" is no field or value of its bodies",
                        "POST /v1/tokens/revoke: not in the document",
                        "GET /v1/extra: in the document but not in API.md"),
                differences(drifted, endpoints).stream().sorted((a, b) -> order(a) - order(b)).toList());
    }

    private static int order(String error) {
        return error.contains("404") ? 0 : error.contains("tokenId") ? 1 : error.contains("revoke") ? 2 : 3;
    }

    @Test
    void theProblemCodesAreApiMdsAndTheCodes() throws IOException {
        String errors = contract();
        errors = errors.substring(errors.indexOf("`code` is one of:"), errors.indexOf("## Endpoints"));
        Map<String, String> contracted = new LinkedHashMap<>();
        Matcher code = Pattern.compile("`([A-Z_]+)` \\(([0-9]{3})\\)").matcher(errors);
        while (code.find()) {
            contracted.put(code.group(1), code.group(2));
        }
        assertEquals(13, contracted.size(), contracted.toString());
        Set<String> inDocument = new TreeSet<>();
        document().path("components").path("schemas").path("Problem").path("properties").path("code").path("enum")
                .forEach(value -> inDocument.add(value.asText()));
        assertEquals(new TreeSet<>(contracted.keySet()), inDocument);
        Set<String> inCode = new TreeSet<>();
        Arrays.stream(Problem.Code.values()).forEach(c -> inCode.add(c.name()));
        assertEquals(inCode, inDocument);
        for (var entry : contracted.entrySet()) {
            assertEquals(Integer.parseInt(entry.getValue()),
                    Problem.of(Problem.Code.valueOf(entry.getKey()), "x").status(), entry.getKey());
        }
    }

    @Test
    void aValidOpenApi3Document() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT), null, options);
        assertEquals(List.of(), result.getMessages() == null ? List.of() : result.getMessages());
        assertTrue(result.getOpenAPI() != null && result.getOpenAPI().getOpenapi().startsWith("3."));
        assertEquals(document().path("paths").size(), result.getOpenAPI().getPaths().size());
        // The validator can fail: a reference to nothing is reported.
        String broken = Files.readString(DOCUMENT).replace("#/components/schemas/UserBody\"", "#/components/schemas/NoSuchBody\"");
        assertTrue(!new OpenAPIV3Parser().readContents(broken, null, options).getMessages().isEmpty(),
                "a dangling $ref is reported");
    }

    /** The copy in test resources is API.md's own text, where the shared folder is beside the repository. */
    @Test
    void theCopyIsApiMdsText() throws IOException {
        Path apiMd = ROOT.resolve("../shared/API.md").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(apiMd), "no shared folder beside the repository: " + apiMd);
        String text = Files.readString(apiMd);
        String sections = text.substring(text.indexOf("## Errors"), text.indexOf("## The web console"));
        assertEquals(sections, contract(), "admin/src/test/resources/api-contract.md is not API.md's Errors and Endpoints");
    }
}
