package dev.userapptokens.admin;

import static dev.userapptokens.admin.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Email uniqueness under concurrent creates, and concurrent changes to one user. */
@QuarkusTest
@QuarkusTestResource(LocalDynamoResource.class)
class ConcurrencyTest {

    private static String mixCase(String email, int seed) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            out.append(((seed >> (i % 8)) & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static <T> List<T> race(int n, java.util.function.IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twentyParallelCreatesOfOneEmailLeaveExactlyOneUser() throws Exception {
        String email = Api.uniqueEmail();
        int auditBefore = Api.itemCounts().get("audit");
        List<Integer> statuses = race(20, i -> asAdmin().contentType("application/json")
                .body(Map.of("firstName", "Racer", "lastName", "N" + i, "email", mixCase(email, i * 37 + 1)))
                .post("/v1/users").statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        var users = LocalDynamoResource.dynamo().client().scan(s -> s.tableName(LocalDynamoResource.tables().users())).items();
        long sameEmail = users.stream().filter(item -> item.containsKey("email")
                && item.get("email").s().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))).count();
        assertEquals(1, sameEmail);
        assertEquals(auditBefore + 1, Api.itemCounts().get("audit"), "one event for the one success");
    }

    @Test
    void concurrentTokenCreatesAndRoleChangeLoseNothing() throws Exception {
        String user = Api.createDeveloper();
        List<Integer> statuses = race(8, i -> i == 0
                ? asAdmin().contentType("application/json")
                        .body(Map.of("roles", List.of(Map.of("name", "DEVELOPER"),
                                Map.of("name", "WORKSPACE_VIEWER", "workspaces", List.of("ws-1")))))
                        .patch("/v1/users/" + user).statusCode()
                : asAdmin().contentType("application/json").body(Map.of("label", "t" + i))
                        .post("/v1/users/" + user + "/tokens").statusCode());
        long created = statuses.subList(1, 8).stream().filter(s -> s == 201).count();
        assertEquals(200, statuses.get(0), statuses.toString());
        // Every token that was issued is listed, and carries the user's final roles.
        int listed = asAdmin().get("/v1/users/" + user + "/tokens").then().extract().jsonPath().getList("items").size();
        assertEquals(created, listed);
        var tokens = LocalDynamoResource.dynamo().client().scan(s -> s.tableName(LocalDynamoResource.tables().tokens())
                .filterExpression("userId = :u").expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user)))).items();
        assertEquals(created, tokens.size());
        for (var item : tokens) {
            assertEquals(List.of("DEVELOPER", "WORKSPACE_VIEWER:ws-1"),
                    item.get("roles").l().stream().map(AttributeValue::s).toList());
        }
    }
}
