package dev.userapptokens.core.users;

import static dev.userapptokens.core.store.Attributes.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.store.Transactions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Keeps at least one Global User Admin (API.md: a NON_INTERACTIVE user holding both DEVELOPER
 * and GLOBAL_USER_ADMIN). The admins' ids are a string set on one item of the users table,
 * {@value #ID}; every change that makes a user an admin or stops it being one updates that set
 * inside its own transaction, and the update that takes an admin out is conditioned on another
 * one staying. So two admins demoting each other at once cannot both succeed: DynamoDB
 * evaluates the second condition after the first change committed.
 *
 * <p>Every update of the set requires the item to exist. Tables written before the set existed
 * have none: the first change that needs it gets a failed condition, {@link #track} builds the
 * set from a scan, and the change is tried again. No admin can come or go while the item is
 * missing (their changes all fail that condition), so the scan cannot miss one.
 */
final class AdminGuard {

    static final String ID = "ADMINS";
    private static final String KIND = "ADMINS";
    private static final String MEMBERS = "members";
    static final String LAST_ADMIN = "user: the change would leave no NON_INTERACTIVE user holding both "
            + BuiltInRoles.DEVELOPER + " and " + BuiltInRoles.GLOBAL_USER_ADMIN;

    private final DynamoDbClient dynamo;
    private final String table;

    AdminGuard(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static boolean isAdmin(User user) {
        return user.loginOption() == LoginOption.NON_INTERACTIVE
                && user.roles().stream().anyMatch(r -> BuiltInRoles.DEVELOPER.equals(r.name()))
                && user.roles().stream().anyMatch(r -> BuiltInRoles.GLOBAL_USER_ADMIN.equals(r.name()));
    }

    /** The item that records {@code before -> after} in the set, or null when admin-ness does not change. */
    TransactWriteItem change(User before, User after) {
        boolean was = before != null && isAdmin(before);
        boolean is = after != null && isAdmin(after);
        if (was == is) {
            return null;
        }
        String userId = (after != null ? after : before).id();
        Update.Builder update = Update.builder().tableName(table).key(Transactions.key(UserItems.ID, ID))
                .expressionAttributeNames(Map.of("#members", MEMBERS));
        if (is) {
            update.updateExpression("ADD #members :user").conditionExpression("attribute_exists(id)")
                    .expressionAttributeValues(Map.of(":user", AttributeValue.fromSs(List.of(userId))));
        } else {
            update.updateExpression("DELETE #members :user")
                    .conditionExpression("attribute_exists(#members) AND (size(#members) > :one OR NOT contains(#members, :id))")
                    .expressionAttributeValues(Map.of(":user", AttributeValue.fromSs(List.of(userId)),
                            ":id", s(userId), ":one", AttributeValue.fromN("1")));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /**
     * Reads a cancellation whose item {@code index} was this guard's: when its condition failed
     * and the rest did not, the set is missing (built now; the caller tries again) or this change
     * would take out the last admin (409). Otherwise (null) it is an ordinary lost race.
     */
    RuntimeException cancelled(Transactions.Cancelled e, int index, int userIndex) {
        if (!e.conditionFailedAt(index) || e.conditionFailedAt(userIndex)) {
            return null;
        }
        if (track()) {
            return null;
        }
        return RejectedException.conflict(LAST_ADMIN);
    }

    /** Creates the set from a scan when the item is missing; true when it was missing. */
    boolean track() {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Transactions.key(UserItems.ID, ID)).consistentRead(true)).item();
        if (item != null && !item.isEmpty()) {
            return false;
        }
        List<String> admins = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(sc -> sc.tableName(table).consistentRead(true)
                    .filterExpression("#kind = :user").expressionAttributeNames(Map.of("#kind", UserItems.KIND))
                    .expressionAttributeValues(Map.of(":user", s(UserItems.USER_KIND))).exclusiveStartKey(from));
            page.items().stream().map(UserItems::fromItem).map(StoredUser::user).filter(AdminGuard::isAdmin)
                    .forEach(u -> admins.add(u.id()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Map<String, AttributeValue> guard = new HashMap<>(Map.of(UserItems.ID, s(ID), UserItems.KIND, s(KIND)));
        if (!admins.isEmpty()) {
            guard.put(MEMBERS, AttributeValue.fromSs(admins)); // a string set cannot be empty: absent means none
        }
        try {
            dynamo.putItem(p -> p.tableName(table).item(guard).conditionExpression("attribute_not_exists(id)"));
        } catch (ConditionalCheckFailedException e) {
            // another change built it first, from the same state
        }
        return true;
    }
}
