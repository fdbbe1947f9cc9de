package dev.userapptokens.core.roles;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.DynamoAuditLog;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.store.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The roles table as {@link RoleStore}. Every change is one TransactWriteItems: the role item's
 * update (or delete), conditioned on the version read and, for a deletion or a change of
 * {@code scoped}, on no holder; and the change's audit event. The holder counts are written by
 * the user store's transactions through {@link #holdersChange}.
 */
public final class DynamoRoleStore implements RoleStore {

    private static final AttributeValue ZERO = n(0);

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoAuditLog audit;

    public DynamoRoleStore(DynamoDbClient dynamo, String table, DynamoAuditLog audit) {
        this.dynamo = dynamo;
        this.table = table;
        this.audit = audit;
    }

    @Override
    public Optional<StoredRole> load(String name) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Transactions.key(RoleItems.NAME, name)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(RoleItems.toStored(item));
    }

    @Override
    public List<StoredRole> list() {
        List<StoredRole> roles = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(sc -> sc.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                StoredRole role = RoleItems.toStored(item);
                if (role != null) {
                    roles.add(role);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        roles.sort(Comparator.comparing(r -> r.role().name()));
        return roles;
    }

    /**
     * An update, not a put, so that the holder count (kept by the user changes) stays as it is;
     * {@code ADD holders :zero} gives a new role its count of 0. An item no change of the API
     * wrote has no version (version 0 here): the condition then asks for that, which also lets a
     * create replace an item that did not parse.
     */
    @Override
    public void put(StoredRole before, Role after, AuditEvent event) {
        long version = before == null ? 0 : before.version();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":scoped", AttributeValue.fromBool(after.scoped()),
                ":permissions", Attributes.strings(after.permissions().stream().map(Permission::toString).toList()),
                ":next", n(version + 1),
                ":zero", ZERO));
        StringBuilder set = new StringBuilder("SET #scoped = :scoped, #permissions = :permissions, #version = :next");
        String remove = "";
        if (after.description() == null || after.description().isEmpty()) {
            remove = " REMOVE #description";
        } else {
            set.append(", #description = :description");
            values.put(":description", s(after.description()));
        }
        String condition = versionCondition(version, values);
        if (before == null || before.role().scoped() != after.scoped()) {
            condition += " AND " + noHolder();
        }
        Update update = Update.builder().tableName(table).key(Transactions.key(RoleItems.NAME, after.name()))
                .updateExpression(set + remove + " ADD #holders :zero")
                .conditionExpression(condition)
                .expressionAttributeNames(names(condition + set + remove + " #holders"))
                .expressionAttributeValues(values)
                .build();
        Transactions.write(dynamo, List.of(TransactWriteItem.builder().update(update).build(), audit.record(event)));
    }

    @Override
    public void delete(StoredRole stored, AuditEvent event) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":zero", ZERO));
        String condition = versionCondition(stored.version(), values) + " AND " + noHolder();
        Delete delete = Delete.builder().tableName(table).key(Transactions.key(RoleItems.NAME, stored.role().name()))
                .conditionExpression(condition)
                .expressionAttributeNames(names(condition))
                .expressionAttributeValues(values)
                .build();
        Transactions.write(dynamo, List.of(TransactWriteItem.builder().delete(delete).build(), audit.record(event)));
    }

    /**
     * The item of a user change's transaction that counts a holder of the custom role {@code name}
     * in ({@code delta} 1) or out (-1). Counting in requires the role to exist with the
     * {@code scoped} the assignment was checked against (its workspaces given or not), so an
     * assignment checked against a role deleted or changed since fails its condition, and the
     * change is read and checked again; counting out requires the role to exist (it cannot be
     * deleted while held).
     */
    public static TransactWriteItem holdersChange(String table, String name, boolean scoped, int delta) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":delta", n(delta)));
        String condition = "attribute_exists(#name)";
        if (delta > 0) {
            condition += " AND #scoped = :scoped";
            values.put(":scoped", AttributeValue.fromBool(scoped));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Transactions.key(RoleItems.NAME, name))
                .updateExpression("ADD #holders :delta")
                .conditionExpression(condition)
                .expressionAttributeNames(names(condition + " #holders"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    private static String versionCondition(long version, Map<String, AttributeValue> values) {
        if (version == 0) {
            return "attribute_not_exists(#version)";
        }
        values.put(":v", n(version));
        return "#version = :v";
    }

    private static String noHolder() {
        return "(attribute_not_exists(#holders) OR #holders = :zero)";
    }

    /** The placeholders {@code expression} uses (DynamoDB refuses unused ones). */
    private static Map<String, String> names(String expression) {
        Map<String, String> used = new HashMap<>();
        RoleItems.NAMES.forEach((placeholder, name) -> {
            if (expression.contains(placeholder)) {
                used.put(placeholder, name);
            }
        });
        return used;
    }
}
