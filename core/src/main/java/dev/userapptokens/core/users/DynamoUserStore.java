package dev.userapptokens.core.users;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.DynamoAuditLog;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.DynamoRoleStore;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.tokens.TokenInfo;
import dev.userapptokens.core.tokens.TokenItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Users and their tokens on DynamoDB. Every change is one TransactWriteItems holding the user
 * item (conditioned on its version), the items it implies (email lock, token items, the admin
 * guard, the holder counts of the custom roles it gives or takes) and the audit event.
 */
public final class DynamoUserStore implements UserStore {

    /** What the admin API shows of a token's item (the list, rotation, revoke by value). */
    private static final String INFO_PROJECTION = String.join(", ", TokenItems.TOKEN_ID, TokenItems.LABEL,
            TokenItems.CREATED_AT, TokenItems.EXPIRES_AT, TokenItems.LAST_USED_AT, "#permissions",
            TokenItems.ROTATED_FROM);

    /** The list name cursors of {@link #list} are bound to. */
    private static final String LIST = "users";

    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final DynamoAuditLog audit;
    private final AdminGuard admins;
    private final Cursors cursors;

    public DynamoUserStore(DynamoDbClient dynamo, Tables tables, DynamoAuditLog audit, Cursors cursors) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.audit = audit;
        this.admins = new AdminGuard(dynamo, tables.users());
        this.cursors = cursors;
    }

    @Override
    public Optional<StoredUser> load(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(tables.users())
                .key(Transactions.key(UserItems.ID, id)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !UserItems.USER_KIND.equals(Attributes.string(item, UserItems.KIND))) {
            return Optional.empty();
        }
        return Optional.of(UserItems.fromItem(item));
    }

    /**
     * A page of users in table order. DynamoDB applies a scan's limit before its filter, so this
     * scans until the page is full and resumes after the last user returned. A cursor is bound to
     * the filter: one from another {@code loginOption} (or none) is refused.
     */
    @Override
    public Page<User> list(String limit, String cursor, String loginOptionFilter) {
        int size = UserRules.pageSize(limit);
        LoginOption loginOption = UserRules.loginOption(loginOptionFilter);
        String boundTo = loginOption == null ? "" : "loginOption=" + loginOption.name();
        String after = cursors.decode(LIST, boundTo, cursor);
        Map<String, AttributeValue> start = after == null ? null : Transactions.key(UserItems.ID, after);
        Map<String, String> names = new HashMap<>(Map.of("#kind", UserItems.KIND));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":user", s(UserItems.USER_KIND)));
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
                users.add(UserItems.fromItem(items.get(i)).user());
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

    @Override
    public Optional<String> anyWithRole(String role) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(sc -> sc.tableName(tables.users()).consistentRead(true)
                    .filterExpression("#kind = :user AND contains(#roles, :role)")
                    .expressionAttributeNames(Map.of("#kind", UserItems.KIND, "#roles", "roles"))
                    .expressionAttributeValues(Map.of(":user", s(UserItems.USER_KIND), ":role", s(role)))
                    .exclusiveStartKey(from));
            if (!page.items().isEmpty()) {
                return Optional.of(Attributes.string(page.items().get(0), UserItems.ID));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    @Override
    public void create(User user, AuditEvent event) {
        StoredUser stored = new StoredUser(user, 1, Map.of());
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                put(tables.users(), UserItems.toItem(stored), "attribute_not_exists(id)"),
                put(tables.users(), Map.of(
                        UserItems.ID, s(UserItems.emailLockId(user.email())),
                        UserItems.KIND, s(UserItems.EMAIL_KIND),
                        "userId", s(user.id())), "attribute_not_exists(id)")));
        int guard = addIfPresent(items, admins.change(null, user));
        countHolders(items, List.of(), user.roles());
        items.add(audit.record(event));
        Transactions.write(dynamo, items, e -> {
            if (e.conditionFailedAt(1)) {
                return RejectedException.conflict("email: a user with this email already exists");
            }
            return guard < 0 ? null : admins.cancelled(e, guard, 0);
        });
    }

    @Override
    public void update(StoredUser stored, User updated, List<String> expired, AuditEvent event) {
        User old = stored.user();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(updateUser(stored, updated, expired));
        int guard = addIfPresent(items, admins.change(old, updated));
        countHolders(items, old.roles(), updated.roles());
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
        items.add(audit.record(event));
        write(items, guard);
    }

    @Override
    public void delete(StoredUser stored, AuditEvent event) {
        String id = stored.user().id();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.users())
                .key(Transactions.key(UserItems.ID, id))
                .conditionExpression("version = :v")
                .expressionAttributeValues(Map.of(":v", n(stored.version()))).build()).build());
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(tables.users())
                .key(Transactions.key(UserItems.ID, UserItems.emailLockId(stored.user().email()))).build()).build());
        int guard = addIfPresent(items, admins.change(stored.user(), null));
        countHolders(items, stored.user().roles(), List.of());
        stored.tokens().values().forEach(ref -> items.add(TransactWriteItem.builder().delete(Delete.builder()
                .tableName(tables.tokens()).key(Transactions.key(TokenItems.HASH, ref.hash())).build()).build()));
        items.add(audit.record(event));
        write(items, guard);
    }

    @Override
    public void addToken(StoredUser owner, TokenInfo token, String hash, List<String> expired, AuditEvent event) {
        Transactions.write(dynamo, List.of(
                putTokenItem(owner, token, hash),
                indexToken(owner, token.id(), new StoredUser.TokenRef(hash, token.expiresAt()), expired),
                audit.record(event)));
    }

    @Override
    public void removeToken(String userId, String tokenId, String hash, AuditEvent event) {
        Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(tables.tokens())
                        .key(Transactions.key(TokenItems.HASH, hash)).build()).build(),
                // Conditioned on the index entry, not on the version: nothing this writes depends
                // on the rest of the user, so a revoke loses only to a change of this same token
                // (or to the user's deletion) and never makes another change start over.
                TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                        .key(Transactions.key(UserItems.ID, userId))
                        .updateExpression("REMOVE tokens.#t")
                        .conditionExpression("tokens.#t.h = :hash")
                        .expressionAttributeNames(Map.of("#t", tokenId))
                        .expressionAttributeValues(Map.of(":hash", s(hash)))
                        .build()).build(),
                audit.record(event)));
    }

    @Override
    public void rotateToken(StoredUser owner, String oldId, TokenInfo successor, String successorHash,
                            Instant oldStopsAt, List<String> expired, AuditEvent event) {
        StoredUser.TokenRef old = owner.tokens().get(oldId);
        Map<String, String> names = new LinkedHashMap<>(Map.of("#n", successor.id(), "#o", oldId));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":ref", UserItems.tokenRef(new StoredUser.TokenRef(successorHash, successor.expiresAt())),
                ":v", n(owner.version()), ":next", n(owner.version() + 1)));
        String set = "SET tokens.#n = :ref, version = :next";
        List<String> removes = new ArrayList<>();
        TransactWriteItem oldItem;
        if (oldStopsAt == null) {
            removes.add("tokens.#o");
            oldItem = TransactWriteItem.builder().delete(Delete.builder().tableName(tables.tokens())
                    .key(Transactions.key(TokenItems.HASH, old.hash()))
                    .conditionExpression("attribute_exists(tokenHash)").build()).build();
        } else {
            set += ", tokens.#o = :old";
            values.put(":old", UserItems.tokenRef(new StoredUser.TokenRef(old.hash(), oldStopsAt, successor.id())));
            // no expiry warning for a token on its way out: it leaves the sparse index
            oldItem = TransactWriteItem.builder().update(Update.builder().tableName(tables.tokens())
                    .key(Transactions.key(TokenItems.HASH, old.hash()))
                    .updateExpression("SET " + TokenItems.EXPIRES_AT + " = :stop, " + TokenItems.ROTATED_TO
                            + " = :successor REMOVE " + TokenItems.EXPIRES_DAY)
                    .conditionExpression("attribute_exists(tokenHash)")
                    .expressionAttributeValues(Map.of(":stop", n(oldStopsAt.getEpochSecond()),
                            ":successor", s(successor.id())))
                    .build()).build();
        }
        for (int i = 0; i < expired.size(); i++) {
            names.put("#x" + i, expired.get(i));
            removes.add("tokens.#x" + i);
        }
        String update = set + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Transactions.write(dynamo, List.of(
                putTokenItem(owner, successor, successorHash),
                TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                        .key(Transactions.key(UserItems.ID, owner.user().id()))
                        .updateExpression(update)
                        .conditionExpression("version = :v")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build()).build(),
                oldItem,
                audit.record(event)));
    }

    @Override
    public List<TokenInfo> tokens(StoredUser owner) {
        List<TokenInfo> tokens = new ArrayList<>();
        List<Map<String, AttributeValue>> keys = owner.tokens().values().stream()
                .map(ref -> Transactions.key(TokenItems.HASH, ref.hash())).toList();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(tables.tokens(), KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true)
                    .projectionExpression(INFO_PROJECTION)
                    .expressionAttributeNames(Map.of("#permissions", TokenItems.PERMISSIONS)).build());
            for (int round = 0; request != null && !request.isEmpty(); round++) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                response.responses().getOrDefault(tables.tokens(), List.of()).forEach(item -> tokens.add(toInfo(item)));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
                if (round > 10) {
                    throw new IllegalStateException("tokens table keeps returning unprocessed keys");
                }
            }
        }
        return tokens;
    }

    @Override
    public Optional<TokenInfo> token(String hash) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(tables.tokens())
                .key(Transactions.key(TokenItems.HASH, hash)).consistentRead(true)
                .projectionExpression(INFO_PROJECTION)
                .expressionAttributeNames(Map.of("#permissions", TokenItems.PERMISSIONS))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toInfo(item));
    }

    /** The version-conditioned update of the user item, pruning the index of expired tokens. */
    private TransactWriteItem updateUser(StoredUser stored, User updated, List<String> expiredTokenIds) {
        Map<String, String> names = new LinkedHashMap<>(Map.of("#roles", "roles"));
        String remove = UserItems.pruneClause(expiredTokenIds, names);
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                .key(Transactions.key(UserItems.ID, updated.id()))
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

    private TransactWriteItem putTokenItem(StoredUser owner, TokenInfo token, String hash) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TokenItems.HASH, s(hash));
        item.put(TokenItems.TOKEN_ID, s(token.id()));
        item.put(TokenItems.USER_ID, s(owner.user().id()));
        item.put(TokenItems.EMAIL, s(owner.user().email()));
        item.put(TokenItems.LOGIN_OPTION, s(owner.user().loginOption().name()));
        item.put(TokenItems.ROLES, Attributes.strings(RoleAssignment.toCompact(owner.user().roles())));
        item.put(TokenItems.LABEL, s(token.label()));
        item.put(TokenItems.CREATED_AT, s(token.createdAt().toString()));
        if (token.permissions() != null) {
            item.put(TokenItems.PERMISSIONS, Attributes.strings(token.permissions().stream().map(Permission::toString).toList()));
        }
        if (token.rotatedFrom() != null) {
            item.put(TokenItems.ROTATED_FROM, s(token.rotatedFrom()));
        }
        if (token.expiresAt() != null) {
            item.put(TokenItems.EXPIRES_AT, n(token.expiresAt().getEpochSecond()));
            item.put(TokenItems.EXPIRES_DAY, s(TokenItems.expiresDay(token.expiresAt()))); // the expiry warnings' sparse index
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(tables.tokens()).item(item)
                .conditionExpression("attribute_not_exists(tokenHash)").build()).build();
    }

    private TransactWriteItem indexToken(StoredUser owner, String tokenId, StoredUser.TokenRef ref,
                                         List<String> expired) {
        Map<String, String> names = new LinkedHashMap<>(Map.of("#t", tokenId));
        String remove = UserItems.pruneClause(expired, names);
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                .key(Transactions.key(UserItems.ID, owner.user().id()))
                .updateExpression("SET tokens.#t = :ref, version = :next" + remove)
                .conditionExpression("version = :v")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":ref", UserItems.tokenRef(ref),
                        ":v", n(owner.version()), ":next", n(owner.version() + 1)))
                .build()).build();
    }

    private static TokenInfo toInfo(Map<String, AttributeValue> item) {
        return new TokenInfo(Attributes.string(item, TokenItems.TOKEN_ID), Attributes.string(item, TokenItems.LABEL),
                Attributes.instant(item, TokenItems.CREATED_AT), Attributes.epochSeconds(item, TokenItems.EXPIRES_AT),
                Attributes.epochSeconds(item, TokenItems.LAST_USED_AT), TokenItems.permissions(item),
                Attributes.string(item, TokenItems.ROTATED_FROM));
    }

    /**
     * The holder counts of the custom roles the change gives ({@code after} but not {@code before})
     * and takes ({@code before} but not {@code after}): one update of each role's item, whose
     * condition makes a change checked against a role since deleted, or whose {@code scoped}
     * changed, a lost race (read and checked again). The built-in roles are not counted: they are
     * never deleted nor changed, and most users hold one.
     */
    private void countHolders(List<TransactWriteItem> items, List<RoleAssignment> before, List<RoleAssignment> after) {
        Set<String> had = new HashSet<>();
        before.forEach(role -> had.add(role.name()));
        Set<String> has = new HashSet<>();
        after.forEach(role -> has.add(role.name()));
        for (RoleAssignment role : after) {
            if (!BuiltInRoles.isBuiltIn(role.name()) && !had.contains(role.name())) {
                items.add(DynamoRoleStore.holdersChange(tables.roles(), role.name(), !role.workspaces().isEmpty(), 1));
            }
        }
        for (RoleAssignment role : before) {
            if (!BuiltInRoles.isBuiltIn(role.name()) && !has.contains(role.name())) {
                items.add(DynamoRoleStore.holdersChange(tables.roles(), role.name(), !role.workspaces().isEmpty(), -1));
            }
        }
    }

    /** Writes a change whose item 0 is the user's; {@code guard} is the admin guard's index, or -1. */
    private void write(List<TransactWriteItem> items, int guard) {
        Transactions.write(dynamo, items, e -> guard < 0 ? null : admins.cancelled(e, guard, 0));
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
}
