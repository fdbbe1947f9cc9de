package dev.userapptokens.admin;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Test helpers: requests as a given token, and the arrangements most tests need, made through the API. */
public final class Api {

    private static final AtomicLong SEQ = new AtomicLong();

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification asAdmin() {
        return as(LocalDynamoResource.adminToken());
    }

    public static String uniqueEmail() {
        return "user" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@example.com";
    }

    /** Creates a user through the API and returns its id. */
    public static String createUser(String loginOption, Object roles) {
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("firstName", "Grace", "lastName", "Hopper", "email", uniqueEmail(),
                        "loginOption", loginOption, "roles", roles))
                .post("/v1/users").then().statusCode(201).extract().path("id");
    }

    public static String createDeveloper(Object... extraRoles) {
        List<Object> roles = new java.util.ArrayList<>();
        roles.add(Map.of("name", "DEVELOPER"));
        roles.addAll(List.of(extraRoles));
        return createUser("NON_INTERACTIVE", roles);
    }

    /** Issues a token through the API and returns the token itself. */
    public static String issueToken(String userId) {
        return asAdmin().contentType(ContentType.JSON).body(Map.of("label", "test"))
                .post("/v1/users/" + userId + "/tokens").then().statusCode(201).extract().path("token");
    }

    /** Follows {@code nextCursor} from the first page of {@code path}, at most {@code maxPages} pages. */
    public static List<io.restassured.path.json.JsonPath> pages(String path, int limit, int maxPages) {
        List<io.restassured.path.json.JsonPath> pages = new java.util.ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = asAdmin().queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            io.restassured.path.json.JsonPath page = request.get(path).then().statusCode(200).extract().jsonPath();
            pages.add(page);
            cursor = page.getString("nextCursor");
        } while (cursor != null && pages.size() < maxPages);
        return pages;
    }

    /**
     * An HTTP API (payload 2.0) event sent straight to the function, as API Gateway (or anything
     * allowed to invoke it) would: headers exactly as given, which an HTTP client would clean or
     * refuse, and no Content-Length unless given. Answers the function's raw response event.
     */
    public static io.restassured.response.Response event(String method, String path, Map<String, String> headers,
                                                         String body) {
        return event("$default", method, path, headers, body);
    }

    /** The event API Gateway sends for a request that matched the route {@code routeKey} ("GET /v1/users/{id}"). */
    public static io.restassured.response.Response event(String routeKey, String method, String path,
                                                         Map<String, String> headers, String body) {
        int query = path.indexOf('?');
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", query < 0 ? path : path.substring(0, query));
        event.put("rawQueryString", query < 0 ? "" : path.substring(query + 1)); // as sent: API Gateway decodes nothing here
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", (String) event.get("rawPath"), "protocol", "HTTP/1.1",
                "sourceIp", "127.0.0.1")));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        try {
            return given().contentType(ContentType.JSON)
                    .body(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event)).post("/_lambda_");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Item counts of every table: "a rejected request writes nothing" compares these before and after. */
    public static Map<String, Integer> itemCounts() {
        var tables = LocalDynamoResource.tables();
        var client = LocalDynamoResource.dynamo().client();
        return Map.of(
                "users", client.scan(s -> s.tableName(tables.users())).count(),
                "roles", client.scan(s -> s.tableName(tables.roles())).count(),
                "tokens", client.scan(s -> s.tableName(tables.tokens())).count(),
                "audit", client.scan(s -> s.tableName(tables.audit())).count());
    }

    /** Every item of every table, as text, for the secrecy checks. */
    public static String dumpTables() {
        var tables = LocalDynamoResource.tables();
        var client = LocalDynamoResource.dynamo().client();
        StringBuilder out = new StringBuilder();
        for (String table : List.of(tables.users(), tables.roles(), tables.tokens(), tables.audit())) {
            for (Map<String, AttributeValue> item : client.scan(s -> s.tableName(table)).items()) {
                out.append(item).append('\n');
            }
        }
        return out.toString();
    }
}
