package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.Ids;
import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.store.ConcurrentChange;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.users.DynamoUserStore;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.localdynamodb.LocalDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What only the DynamoDB items show: the seed keeps the counts, and a user change's condition on the role it assigns. */
class DynamoRoleStoreTest {

    private final LocalDynamo dynamo = LocalStore.dynamo();
    private final DynamoDbClient client = dynamo.client();
    private final Tables tables = fresh();
    private final DynamoWiring core = DynamoWiring.builder().dynamoDb(client).tables(tables).build();
    private final DynamoUserStore userStore = new DynamoUserStore(client, tables, core.audit(), Cursors.none());

    private Tables fresh() {
        String prefix = "rs" + System.nanoTime() + "-";
        dynamo.tables().createAll(client, prefix);
        return Tables.withPrefix(prefix);
    }

    private Map<String, AttributeValue> item(String name) {
        return client.getItem(g -> g.tableName(tables.roles()).key(Map.of("name", AttributeValue.fromS(name)))
                .consistentRead(true)).item();
    }

    private int count(String table) {
        return client.scan(s -> s.tableName(table)).count();
    }

    private static User user(RoleAssignment... roles) {
        return new User(new Ids().next(Ids.USER_PREFIX), "Ada", "Lovelace", "ada" + System.nanoTime() + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of(roles), Instant.now(), "usr_actor");
    }

    @Test
    void seedingAgainKeepsHolderCountsAndCustomRoles() {
        core.seedRoles();
        core.roleDefinitions().put("usr_actor", "ORDERS_READER", "Reads orders", false, List.of("GET /v1/orders/**"));
        client.updateItem(u -> u.tableName(tables.roles()).key(Map.of("name", AttributeValue.fromS("DEVELOPER")))
                .updateExpression("SET holders = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN("7"))));
        core.users().create("usr_actor", new dev.userapptokens.core.users.NewUser("A", "B", "ab@example.com", null,
                List.of(RoleAssignment.of("ORDERS_READER"))));
        core.seedRoles();
        assertEquals("7", item("DEVELOPER").get("holders").n());
        assertEquals("1", item("ORDERS_READER").get("holders").n());
        assertEquals("1", item("ORDERS_READER").get("version").n());
        assertEquals(5, count(tables.roles()));
    }

    @Test
    void aUserChangeAssigningARoleThatIsGoneOrChangedLosesItsRaceAndWritesNothing() {
        core.seedRoles();
        int users = count(tables.users());
        int audit = count(tables.audit());
        AuditEvent event = new AuditEvent(Instant.now(), "usr_actor", AuditAction.USER_CREATED, "usr_x", null);
        assertThrows(ConcurrentChange.class, () -> userStore.create(user(RoleAssignment.of("NO_SUCH_ROLE")), event));
        core.roleDefinitions().put("usr_actor", "ORDERS_READER", null, false, List.of("GET /v1/orders/**"));
        audit++;
        // checked as scoped (workspaces given) but the role is not scoped any more
        assertThrows(ConcurrentChange.class,
                () -> userStore.create(user(RoleAssignment.of("ORDERS_READER", "ws-1")), event));
        assertEquals(users, count(tables.users()));
        assertEquals(audit, count(tables.audit()));
        assertEquals("0", item("ORDERS_READER").get("holders").n());
        assertEquals(Map.of(), item("NO_SUCH_ROLE"), "no item made by the counting");
    }
}
