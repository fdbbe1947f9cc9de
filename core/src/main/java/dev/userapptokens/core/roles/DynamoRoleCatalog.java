package dev.userapptokens.core.roles;

import static dev.userapptokens.core.store.Attributes.s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The roles table, read whole and kept for {@code refreshAfter}: roles change only by seeding,
 * so the verification path does not pay a read for them. A role whose stored permissions do not
 * parse is dropped (it then grants nothing), never guessed at.
 */
public final class DynamoRoleCatalog implements RoleCatalog {

    private static final System.Logger LOG = System.getLogger(DynamoRoleCatalog.class.getName());

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration refreshAfter;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, Role> byName, List<Role> sorted, Instant loadedAt) {
    }

    public DynamoRoleCatalog(DynamoDbClient dynamo, String table, Clock clock, Duration refreshAfter) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
    }

    @Override
    public Optional<Role> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    @Override
    public List<Role> all() {
        return current().sorted();
    }

    /** Loads the roles now, for a warm start; storage errors propagate. */
    public void refresh() {
        refresh(null);
    }

    /** A refresh while a good copy is at hand gets one short attempt: it must not hold a request up. */
    private static final AwsRequestOverrideConfiguration QUICK = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofMillis(500)).apiCallAttemptTimeout(Duration.ofMillis(500)).build();

    private void refresh(AwsRequestOverrideConfiguration override) {
        List<Role> roles = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).overrideConfiguration(override).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Role role = toRole(item);
                if (role != null) {
                    roles.add(role);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        roles.sort(Comparator.comparing(Role::name));
        Map<String, Role> byName = new HashMap<>();
        roles.forEach(role -> byName.put(role.name(), role));
        snapshot = new Snapshot(Map.copyOf(byName), List.copyOf(roles), clock.instant());
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current == null) {
            refresh();
            return snapshot;
        }
        // An empty catalog means the roles are not seeded yet (a function started before the
        // bootstrap): look again on every call rather than deny everyone for refreshAfter.
        if (current.sorted().isEmpty() || current.loadedAt().plus(refreshAfter).isBefore(clock.instant())) {
            try {
                refresh(QUICK);
            } catch (RuntimeException e) {
                // Roles only change by seeding: serving the last good copy beats denying everyone.
                LOG.log(System.Logger.Level.WARNING, "roles refresh failed, keeping the copy loaded at "
                        + current.loadedAt() + ": " + e.getClass().getSimpleName());
                return current;
            }
        }
        return snapshot;
    }

    private static Role toRole(Map<String, AttributeValue> item) {
        String name = Attributes.string(item, "name");
        List<String> permissions = Attributes.stringList(item, "permissions");
        AttributeValue scoped = item.get("scoped");
        if (name == null || permissions == null || scoped == null || scoped.bool() == null) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed role item " + name);
            return null;
        }
        try {
            return new Role(name, scoped.bool(), Attributes.string(item, "description"),
                    permissions.stream().map(Permission::parse).toList());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring role " + name + ": " + e.getMessage());
            return null;
        }
    }

    /** Writes the built-in roles (idempotent: the same put every time). */
    public static void seed(DynamoDbClient dynamo, String table) {
        for (Role role : BuiltInRoles.ALL) {
            dynamo.putItem(p -> p.tableName(table).item(Map.of(
                    "name", s(role.name()),
                    "scoped", AttributeValue.fromBool(role.scoped()),
                    "description", s(role.description()),
                    "permissions", Attributes.strings(role.permissions().stream().map(Permission::toString).toList()))));
        }
    }
}
