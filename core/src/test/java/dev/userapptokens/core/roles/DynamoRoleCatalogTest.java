package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.localdynamodb.LocalDynamo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoRoleCatalogTest {

    private final MovableClock clock = new MovableClock();

    private static String freshRolesTable() {
        LocalDynamo dynamo = LocalStore.dynamo();
        String prefix = "r" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        return prefix + "roles";
    }

    @Test
    void rolesSeededAfterAStartAreSeenAtOnceNotAfterTheRefreshInterval() {
        String table = freshRolesTable();
        DynamoRoleCatalog catalog = new DynamoRoleCatalog(LocalStore.dynamo().client(), table, clock, Duration.ofMinutes(1));
        assertTrue(catalog.all().isEmpty(), "nothing seeded yet");
        DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        assertTrue(catalog.find("DEVELOPER").isPresent(), "an empty catalog is not kept for a minute");
        assertEquals(4, catalog.all().size());
    }

    @Test
    void aLoadedCatalogIsServedFromMemoryUntilTheIntervalPasses() {
        String table = freshRolesTable();
        DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        DynamoRoleCatalog catalog = new DynamoRoleCatalog(LocalStore.dynamo().client(), table, clock, Duration.ofMinutes(1));
        assertEquals(4, catalog.all().size());
        LocalStore.dynamo().client().deleteItem(d -> d.tableName(table).key(Map.of("name", AttributeValue.fromS("WORKSPACE_VIEWER"))));
        assertTrue(catalog.find("WORKSPACE_VIEWER").isPresent(), "cached");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(catalog.find("WORKSPACE_VIEWER").isEmpty(), "reloaded after the interval");
    }

    @Test
    void anInvalidatedCatalogReadsTheRolesOnItsNextLookup() {
        String table = freshRolesTable();
        DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        DynamoRoleCatalog catalog = new DynamoRoleCatalog(LocalStore.dynamo().client(), table, clock, Duration.ofSeconds(10));
        assertEquals(4, catalog.all().size());
        LocalStore.dynamo().client().putItem(p -> p.tableName(table).item(Map.of(
                "name", AttributeValue.fromS("ORDERS_READER"),
                "scoped", AttributeValue.fromBool(false),
                "permissions", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("GET /v1/orders/**"))))));
        assertTrue(catalog.find("ORDERS_READER").isEmpty(), "cached");
        catalog.invalidate(); // what the admin function does after its own change of a role
        assertEquals("GET /v1/orders/**", catalog.find("ORDERS_READER").orElseThrow().permissions().get(0).toString());
        assertEquals("", catalog.find("ORDERS_READER").orElseThrow().description(), "no description is empty");
    }

    @Test
    void aRefreshUnderAClockThatStandsStillStillReplacesTheCopy() {
        String table = freshRolesTable();
        DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        DynamoRoleCatalog catalog = new DynamoRoleCatalog(LocalStore.dynamo().client(), table, clock, Duration.ofMinutes(1));
        assertEquals(4, catalog.all().size());
        LocalStore.dynamo().client().deleteItem(d -> d.tableName(table).key(Map.of("name", AttributeValue.fromS("WORKSPACE_VIEWER"))));
        catalog.refresh(); // same instant as the first load: the later load still wins
        assertTrue(catalog.find("WORKSPACE_VIEWER").isEmpty());
    }

    @Test
    void malformedRoleItemsAreDroppedNotGuessed() {
        String table = freshRolesTable();
        LocalStore.dynamo().client().putItem(p -> p.tableName(table).item(Map.of(
                "name", AttributeValue.fromS("BROKEN"),
                "scoped", AttributeValue.fromBool(false),
                "permissions", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("GET v1/no-slash"))))));
        DynamoRoleCatalog.seed(LocalStore.dynamo().client(), table);
        DynamoRoleCatalog catalog = new DynamoRoleCatalog(LocalStore.dynamo().client(), table, clock, Duration.ofMinutes(1));
        assertTrue(catalog.find("BROKEN").isEmpty());
        assertEquals(4, catalog.all().size());
    }
}
