package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every value of every request body, replaced in turn by each JSON shape it must not have (null,
 * the wrong type, a list of nulls, an unpaired surrogate...): the answer is a 400 VALIDATION
 * problem that writes nothing, or, where the replacement happens to be valid, a success. Never a
 * 500.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Replacement values, as JSON text: the escape keeps the lone surrogate in the body as JSON allows. */
    private static final List<String> SHAPES = List.of("null", "true", "0", "-1", "1.5", "\"\"", "\"x\"",
            "\"\\ud800\"", "\"a\\udc00b\"", "\"a\\u0007b\"", "[]", "[null]", "[[]]", "{}", "{\"x\":null}", "[{}]");

    static Stream<Arguments> mutations() {
        List<Arguments> all = new ArrayList<>();
        String newUser = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"EMAIL\",\"loginOption\":\"NON_INTERACTIVE\","
                + "\"roles\":[{\"name\":\"DEVELOPER\"},{\"name\":\"WORKSPACE_MANAGER\",\"workspaces\":[\"ws-1\"]}]}";
        String patch = "{\"firstName\":\"Ada\",\"lastName\":\"Byron\",\"roles\":[{\"name\":\"DEVELOPER\"},"
                + "{\"name\":\"WORKSPACE_VIEWER\",\"workspaces\":[\"ws-2\"]}]}";
        String tokenInDays = "{\"label\":\"ci\",\"expiresInDays\":30}";
        String tokenAt = "{\"label\":\"ci\",\"expiresAt\":\"" + Instant.now().plusSeconds(86_400) + "\"}";
        String role = "{\"description\":\"Reads orders\",\"scoped\":false,\"permissions\":[\"GET /v1/orders/**\",\"POST /v1/orders/*\"]}";
        for (String[] endpoint : new String[][] {{"POST /v1/users", newUser}, {"PATCH /v1/users/{id}", patch},
                {"POST /v1/users/{id}/tokens", tokenInDays}, {"POST /v1/users/{id}/tokens", tokenAt},
                {"PUT /v1/roles/" + ROLE, role}}) {
            for (String path : paths(read(endpoint[1]), "")) {
                for (String shape : SHAPES) {
                    all.add(Arguments.of(endpoint[0], path, shape, mutate(endpoint[1], path, shape)));
                }
            }
        }
        return all.stream();
    }

    /** The one custom role the PUT mutations write (created by the first accepted one, replaced by the next ones). */
    private static final String ROLE = "BODY_SHAPE_ROLE";

    private String userId;

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("mutations")
    void eachWrongShapeIsAValidationProblem(String endpoint, String path, String shape, String body) {
        if (userId == null) {
            userId = Api.createDeveloper();
        }
        Map<String, Integer> before = Api.itemCounts();
        String[] methodAndPath = endpoint.split(" ");
        Response response = asAdmin().contentType("application/json")
                .body(body.replace("EMAIL", Api.uniqueEmail()))
                .request(methodAndPath[0], methodAndPath[1].replace("{id}", userId));
        int status = response.statusCode();
        if (status == 400) {
            assertEquals("application/problem+json", response.contentType(), body);
            assertEquals("VALIDATION", response.jsonPath().getString("code"), body);
            assertEquals(before, Api.itemCounts(), body + ": a rejected request writes nothing");
        } else if (status == 200 || status == 201) {
            assertTrue(acceptable(path, shape), "accepted " + body + ": " + response.asString());
            if (endpoint.endsWith("/tokens")) { // keep the user below its active-token limit
                asAdmin().delete("/v1/users/" + userId + "/tokens/" + response.jsonPath().getString("id"))
                        .then().statusCode(204);
            }
        } else {
            fail(status + " for " + body + ": " + response.asString());
        }
    }

    /**
     * The only replacements that are valid input: another plain name, label or description, an
     * empty role list, or no description at all.
     */
    private static boolean acceptable(String path, String shape) {
        return (shape.equals("\"x\"") && (List.of("firstName", "lastName", "label", "description").contains(path)
                || path.endsWith("workspaces[0]")))
                || (shape.equals("[]") && path.equals("roles"))
                || (path.equals("description") && (shape.equals("null") || shape.equals("\"\"")));
    }

    /** Every value's path in a body: {@code roles}, {@code roles[1]}, {@code roles[1].workspaces[0]}... */
    private static List<String> paths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                paths.addAll(paths(field.getValue(), path));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String path = prefix + "[" + i + "]";
                paths.add(path);
                paths.addAll(paths(node.get(i), path));
            }
        }
        return paths;
    }

    private static String mutate(String body, String path, String shape) {
        JsonNode root = read(body);
        JsonNode replacement = read(shape);
        String[] steps = path.replace("[", ".[").split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i]);
        }
        String last = steps[steps.length - 1];
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(index(last), replacement);
        } else {
            ((ObjectNode) parent).set(last, replacement);
        }
        // Jackson writes a lone surrogate as a raw char (invalid UTF-8); put the escape back.
        return root.toString().replace("\ud800", "\\ud800").replace("\udc00", "\\udc00").replace("\u0007", "\\u0007");
    }

    private static JsonNode step(JsonNode node, String step) {
        return step.startsWith("[") ? node.get(index(step)) : node.get(step);
    }

    private static int index(String step) {
        return Integer.parseInt(step.substring(1, step.length() - 1));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
