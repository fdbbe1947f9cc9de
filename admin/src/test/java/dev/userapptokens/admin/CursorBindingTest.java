package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.store.Cursors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * API.md: paging cursors are bound to their list and filter; a cursor this list did not issue
 * (forged, altered, from another list or filter, or signed with another key) is 400 VALIDATION.
 */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class CursorBindingTest {

    private static JsonPath page(String path, Map<String, Object> query) {
        RequestSpecification request = asAdmin();
        query.forEach(request::queryParam);
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    private static void refused(String path, Map<String, Object> query) {
        Map<String, Integer> before = Api.itemCounts();
        RequestSpecification request = asAdmin();
        query.forEach(request::queryParam);
        request.get(path).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION")).body("detail", startsWith("cursor: "));
        assertEquals(before, Api.itemCounts(), "nothing written");
    }

    private static String firstCursor(String path, Map<String, Object> query) {
        String cursor = page(path, query).getString("nextCursor");
        assertNotNull(cursor, path + " " + query + " has a second page");
        return cursor;
    }

    @Test
    void aGenuineCursorPagesThroughItsFilteredList() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(Api.createUser("INTERACTIVE", List.of()));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new java.util.HashMap<>(Map.of("loginOption", "INTERACTIVE", "limit", 2));
            if (cursor != null) {
                query.put("cursor", cursor);
                query.put("limit", seen.size() % 4 == 0 ? 3 : 2); // the page size may change between pages
            }
            JsonPath page = page("/v1/users", query);
            assertTrue(page.getList("items.loginOption").stream().allMatch("INTERACTIVE"::equals));
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && seen.size() < 1000);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no user twice");
        assertTrue(seen.containsAll(created), "every interactive user once");
    }

    @Test
    void aCursorIsRefusedForAnotherFilter() {
        Api.createUser("INTERACTIVE", List.of());
        Api.createUser("INTERACTIVE", List.of());
        Api.createDeveloper();
        Api.createDeveloper();
        String interactive = firstCursor("/v1/users", Map.of("loginOption", "INTERACTIVE", "limit", 1));
        String nonInteractive = firstCursor("/v1/users", Map.of("loginOption", "NON_INTERACTIVE", "limit", 1));
        String unfiltered = firstCursor("/v1/users", Map.of("limit", 1));

        refused("/v1/users", Map.of("loginOption", "NON_INTERACTIVE", "cursor", interactive));
        refused("/v1/users", Map.of("cursor", interactive));
        refused("/v1/users", Map.of("loginOption", "INTERACTIVE", "cursor", nonInteractive));
        refused("/v1/users", Map.of("loginOption", "INTERACTIVE", "cursor", unfiltered));
        refused("/v1/users", Map.of("loginOption", "NON_INTERACTIVE", "cursor", unfiltered));
        page("/v1/users", Map.of("loginOption", "INTERACTIVE", "cursor", interactive, "limit", 1));
    }

    @Test
    void aCursorIsRefusedOnTheOtherList() {
        Api.createDeveloper();
        Api.createDeveloper();
        String users = firstCursor("/v1/users", Map.of("limit", 1));
        String audit = firstCursor("/v1/audit", Map.of("limit", 1));
        refused("/v1/audit", Map.of("cursor", users));
        refused("/v1/users", Map.of("cursor", audit));
        page("/v1/audit", Map.of("cursor", audit, "limit", 1));
    }

    @Test
    void aForgedOrAlteredCursorIsRefused() {
        String userId = Api.createDeveloper();
        Api.createDeveloper();
        // What a cursor used to be: "c1:" + the id to resume after, which anyone could write.
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c1:" + userId).getBytes(StandardCharsets.UTF_8));
        refused("/v1/users", Map.of("cursor", forged));
        refused("/v1/audit", Map.of("cursor", Base64.getUrlEncoder().withoutPadding()
                .encodeToString("c1:9999999999999#x".getBytes(StandardCharsets.UTF_8))));

        String genuine = firstCursor("/v1/users", Map.of("limit", 1));
        char last = genuine.charAt(genuine.length() / 2);
        String altered = genuine.substring(0, genuine.length() / 2) + (last == 'A' ? 'B' : 'A')
                + genuine.substring(genuine.length() / 2 + 1);
        refused("/v1/users", Map.of("cursor", altered));

        // Well formed, for the right list and filter, but signed with a key that is not the deployment's.
        String otherKey = Cursors.withSecret("another-deployments-key-not-this-ones-0123456789")
                .encode("users", "", userId);
        refused("/v1/users", Map.of("cursor", otherKey));
    }
}
