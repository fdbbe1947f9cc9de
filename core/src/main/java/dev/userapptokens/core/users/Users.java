package dev.userapptokens.core.users;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.AuditTrail;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Users: create, read, list, update, delete. Every change is one TransactWriteItems holding the
 * user item (conditioned on its version), the items it implies (email lock, token items) and the
 * audit event; a lost race on the version re-reads and tries again.
 */
public final class Users {

    public static final String ID_PREFIX = "usr_";
    private static final Pattern ID = Pattern.compile("usr_[0-9A-Za-z]{20}");
    /** The list name cursors of {@link #list} are bound to. */
    private static final String LIST = "users";

    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final RoleCatalog roles;
    private final AuditTrail audit;
    private final TokenFormat ids;
    private final Clock clock;
    private final AdminGuard admins;
    private final Cursors cursors;

    public Users(DynamoDbClient dynamo, Tables tables, RoleCatalog roles, AuditTrail audit, TokenFormat ids,
                 Clock clock, Cursors cursors) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.roles = roles;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.admins = new AdminGuard(dynamo, tables.users());
        this.cursors = cursors;
    }

    public User create(String actorUserId, NewUser request) {
        String firstName = UserRules.name("firstName", request.firstName());
        String lastName = UserRules.name("lastName", request.lastName());
        String email = UserRules.email(request.email());
        LoginOption loginOption = request.loginOption() == null ? LoginOption.NON_INTERACTIVE : request.loginOption();
        List<RoleAssignment> assigned = UserRules.roles(request.roles(), roles);
        Instant now = now();
        User user = new User(ids.newId(ID_PREFIX), firstName, lastName, email, loginOption, assigned, now, actorUserId);
        StoredUser stored = new StoredUser(user, 1, Map.of());
        Transactions.untilCommitted("user", () -> {
            List<TransactWriteItem> items = new ArrayList<>(List.of(
                    put(tables.users(), stored.toItem(), "attribute_not_exists(id)"),
                    put(tables.users(), Map.of(
                            StoredUser.ID, s(StoredUser.emailLockId(email)),
                            StoredUser.KIND, s(StoredUser.EMAIL_KIND),
                            "userId", s(user.id())), "attribute_not_exists(id)")));
            int guard = addIfPresent(items, admins.change(null, user));
            items.add(audit.record(new AuditEvent(now, actorUserId, AuditAction.USER_CREATED, user.id(), null)));
            try {
                Transactions.write(dynamo, items);
            } catch (Transactions.Cancelled e) {
                if (e.conditionFailedAt(1)) {
                    throw RejectedException.conflict("email: a user with this email already exists");
                }
                throw guard < 0 ? e : admins.cancelled(e, guard, 0); // else a concurrent transaction: try again
            }
        });
        return user;
    }

    public User get(String id) {
        return load(id).orElseThrow(() -> RejectedException.notFound("user")).user();
    }

    /** The stored user with its version and token index, read strongly consistently. */
    public Optional<StoredUser> load(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty(); // not one of our ids: no read needed to know it is absent
        }
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(tables.users())
                .key(Transactions.key(StoredUser.ID, id)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !StoredUser.USER_KIND.equals(Attributes.string(item, StoredUser.KIND))) {
            return Optional.empty();
        }
        return Optional.of(StoredUser.fromItem(item));
    }

    /**
     * A page of users in table order. DynamoDB applies a scan's limit before its filter, so this
     * scans until the page is full and resumes after the last user returned. A cursor is bound to
     * the filter: one from another {@code loginOption} (or none) is refused.
     */
    public Page<User> list(String limit, String cursor, String loginOptionFilter) {
        int size = UserRules.pageSize(limit);
        LoginOption loginOption = UserRules.loginOption(loginOptionFilter);
        String boundTo = loginOption == null ? "" : "loginOption=" + loginOption.name();
        String after = cursors.decode(LIST, boundTo, cursor);
        Map<String, AttributeValue> start = after == null ? null : Transactions.key(StoredUser.ID, after);
        Map<String, String> names = new HashMap<>(Map.of("#kind", StoredUser.KIND));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":user", s(StoredUser.USER_KIND)));
        String filter = "#kind = :user";
        if (loginOption != null) {
            filter += " AND loginOption = :login";
            values.put(":login", s(loginOption.name()));
        }
        List<User> users = new ArrayList<>(size);
        boolean more;
        do {
            Map<String, AttributeValue> from = start;
            String expression = filter;
            ScanResponse page = dynamo.scan(sc -> sc.tableName(tables.users()).consistentRead(true)
                    .filterExpression(expression).expressionAttributeNames(names)
                    .expressionAttributeValues(values).limit(Math.max(size, 25)).exclusiveStartKey(from));
            List<Map<String, AttributeValue>> items = page.items();
            more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
            for (int i = 0; i < items.size(); i++) {
                users.add(StoredUser.fromItem(items.get(i)).user());
                if (users.size() == size) {
                    boolean restOfPage = i < items.size() - 1;
                    String next = restOfPage || more ? cursors.encode(LIST, boundTo, users.get(size - 1).id()) : null;
                    return new Page<>(users, next);
                }
            }
            start = more ? page.lastEvaluatedKey() : null;
        } while (more);
        return new Page<>(users, null);
    }

    /**
     * The id of some user holding the unscoped role {@code role}, if any. A full scan: meant for
     * the bootstrap command, not for request paths.
     */
    public Optional<String> anyWithRole(String role) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(sc -> sc.tableName(tables.users()).consistentRead(true)
                    .filterExpression("#kind = :user AND contains(#roles, :role)")
                    .expressionAttributeNames(Map.of("#kind", StoredUser.KIND, "#roles", "roles"))
                    .expressionAttributeValues(Map.of(":user", s(StoredUser.USER_KIND), ":role", s(role)))
                    .exclusiveStartKey(from));
            if (!page.items().isEmpty()) {
                return Optional.of(Attributes.string(page.items().get(0), StoredUser.ID));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    public User update(String actorUserId, String id, UserPatch patch) {
        if (patch.isEmpty()) {
            throw RejectedException.invalid("body", "give at least one of firstName, lastName, roles");
        }
        String firstName = patch.firstName() == null ? null : UserRules.name("firstName", patch.firstName());
        String lastName = patch.lastName() == null ? null : UserRules.name("lastName", patch.lastName());
        List<RoleAssignment> newRoles = patch.roles() == null ? null : UserRules.roles(patch.roles(), roles);
        return Transactions.untilCommitted("user", () -> {
            StoredUser stored = load(id).orElseThrow(() -> RejectedException.notFound("user"));
            User old = stored.user();
            User updated = new User(old.id(), firstName == null ? old.firstName() : firstName,
                    lastName == null ? old.lastName() : lastName, old.email(), old.loginOption(),
                    newRoles == null ? old.roles() : newRoles, old.createdAt(), old.createdBy());
            Instant now = now();
            List<String> expired = stored.expiredTokenIds(now);
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(updateUser(stored, updated, expired));
            int guard = addIfPresent(items, admins.change(old, updated));
            List<String> compactRoles = RoleAssignment.toCompact(updated.roles());
            // Token items carry the roles, not the names: only a change of roles rewrites them, so a
            // rename stays a small transaction that does not starve behind token creates.
            boolean rolesChange = !updated.roles().equals(old.roles());
            stored.tokens().forEach((tokenId, ref) -> {
                if (rolesChange && !expired.contains(tokenId)) {
                    items.add(TransactWriteItem.builder().update(Update.builder().tableName(tables.tokens())
                            .key(Transactions.key(TokenItems.HASH, ref.hash()))
                            .updateExpression("SET #roles = :roles")
                            .conditionExpression("attribute_exists(tokenHash)")
                            .expressionAttributeNames(Map.of("#roles", TokenItems.ROLES))
                            .expressionAttributeValues(Map.of(":roles", Attributes.strings(compactRoles)))
                            .build()).build());
                }
            });
            items.add(audit.record(new AuditEvent(now, actorUserId, AuditAction.USER_UPDATED, id, null)));
            write(items, guard);
            return updated;
        });
    }

    /** Deletes the user, its email lock and every token item of it, in one transaction. */
    public void delete(String actorUserId, String id) {
        Transactions.untilCommitted("user", () -> {
            StoredUser stored = load(id).orElseThrow(() -> RejectedException.notFound("user"));
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.users())
                    .key(Transactions.key(StoredUser.ID, id))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(stored.version()))).build()).build());
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.users())
                    .key(Transactions.key(StoredUser.ID, StoredUser.emailLockId(stored.user().email()))).build()).build());
            int guard = addIfPresent(items, admins.change(stored.user(), null));
            stored.tokens().values().forEach(ref -> items.add(TransactWriteItem.builder().delete(Delete.builder()
                    .tableName(tables.tokens()).key(Transactions.key(TokenItems.HASH, ref.hash())).build()).build()));
            items.add(audit.record(new AuditEvent(now(), actorUserId, AuditAction.USER_DELETED, id, null)));
            write(items, guard);
        });
    }

    /** The version-conditioned update of the user item, pruning the index of expired tokens. */
    private TransactWriteItem updateUser(StoredUser stored, User updated, List<String> expiredTokenIds) {
        Map<String, String> names = new LinkedHashMap<>(Map.of("#roles", "roles"));
        String remove = StoredUser.pruneClause(expiredTokenIds, names);
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                .key(Transactions.key(StoredUser.ID, updated.id()))
                .updateExpression("SET firstName = :first, lastName = :last, #roles = :roles, version = :next" + remove)
                .conditionExpression("version = :v")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(
                        ":first", s(updated.firstName()),
                        ":last", s(updated.lastName()),
                        ":roles", Attributes.strings(RoleAssignment.toCompact(updated.roles())),
                        ":v", n(stored.version()),
                        ":next", n(stored.version() + 1)))
                .build()).build();
    }

    /** Writes a change whose item 0 is the user's; {@code guard} is the admin guard's index, or -1. */
    private void write(List<TransactWriteItem> items, int guard) {
        try {
            Transactions.write(dynamo, items);
        } catch (Transactions.Cancelled e) {
            throw guard < 0 ? e : admins.cancelled(e, guard, 0);
        }
    }

    /** Adds {@code item} when there is one; its index, or -1. */
    private static int addIfPresent(List<TransactWriteItem> items, TransactWriteItem item) {
        if (item == null) {
            return -1;
        }
        items.add(item);
        return items.size() - 1;
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item, String condition) {
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).conditionExpression(condition).build()).build();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
