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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.userapptokens.core.store.Attributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The roles table, read whole and served from memory for at most {@code maxAge}: the
 * verification path does not pay a read for roles on most requests, and a role definition change
 * reaches every function within {@code maxAge}. A role whose stored permissions do not parse is
 * dropped (it then grants nothing), never guessed at.
 *
 * <p>Loads run on a thread of this catalog, so that the first verification of a process issues
 * the roles {@code Scan} and its token {@code GetItem} at once ({@link #prefetch}) and pays one
 * round trip. Past half of {@code maxAge} a verification starts a reload and is served the copy
 * in hand; only past {@code maxAge} (or with no copy, or an empty one: roles not seeded yet) does
 * a lookup wait for a load, and a failed one then fails (the caller denies as unavailable): a
 * copy older than the bound is never served. Each copy is dated when its {@code Scan} was sent.
 */
public final class DynamoRoleCatalog implements RoleCatalog {

    private static final System.Logger LOG = System.getLogger(DynamoRoleCatalog.class.getName());

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration refreshAfter;
    private final ExecutorService loader;
    private volatile Snapshot snapshot;
    private Load inFlight; // guarded by this
    private Instant failedAt; // guarded by this: the last failed load's end, while no load has succeeded since
    private long loadsSent; // guarded by this
    private long validFrom; // guarded by this: loads sent before this one (see invalidate) are not installed

    /** {@code sent}: the load's place in the order loads were sent in (clocks may stand still). */
    private record Snapshot(Map<String, Role> byName, List<Role> sorted, Instant loadedAt, long sent) {
    }

    private record Load(Instant startedAt, long sent, CompletableFuture<Snapshot> result) {
    }

    /** {@code maxAge}: the longest a loaded copy is served; a reload starts at half of it. */
    public DynamoRoleCatalog(DynamoDbClient dynamo, String table, Clock clock, Duration maxAge) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.maxAge = maxAge;
        this.refreshAfter = maxAge.dividedBy(2);
        // Daemon threads, made on demand and dropped when idle: nothing to close, nothing at build time.
        this.loader = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "role-catalog-load");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Optional<Role> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    @Override
    public List<Role> all() {
        return current().sorted();
    }

    @Override
    public void prefetch() {
        try {
            Instant now = clock.instant();
            Snapshot current = snapshot;
            if (current == null || current.sorted().isEmpty() || age(current, now).compareTo(refreshAfter) > 0) {
                background(now);
            }
        } catch (RuntimeException e) {
            // A hint only: the lookup itself loads (and fails closed) if it must.
            LOG.log(System.Logger.Level.DEBUG, "roles prefetch not started: " + e.getClass().getName());
        }
    }

    /** Loads the roles now (after seeding, for a warm start); storage errors propagate. */
    public void refresh() {
        await(load(clock.instant(), true));
    }

    /** Waits for a load in flight, if any (before a snapshot of the process is taken). */
    public void settle() {
        Load load;
        synchronized (this) {
            load = inFlight;
        }
        if (load != null) {
            load.result().handle((loaded, e) -> null).join();
        }
    }

    /**
     * A role definition changed through this process: no copy loaded (or being loaded) before now
     * is served again, so the next lookup loads, and this function sees its own change at once.
     */
    @Override
    public synchronized void invalidate() {
        validFrom = loadsSent + 1;
        snapshot = null;
        inFlight = null;
    }

    /** Drops the copy in hand: the next lookup loads (after a restore from a snapshot, say). */
    public void forget() {
        settle();
        synchronized (this) {
            snapshot = null;
        }
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current != null && !current.sorted().isEmpty()) {
            Duration age = age(current, now);
            if (age.compareTo(maxAge) <= 0) {
                if (age.compareTo(refreshAfter) > 0) {
                    background(now); // served now, reloaded for the next ones
                }
                return current;
            }
        }
        return await(load(now, false));
    }

    private static Duration age(Snapshot snapshot, Instant now) {
        return Duration.between(snapshot.loadedAt(), now);
    }

    /** A load nobody waits for: at most one a second after a failure, so a failing table is not hit by every request. */
    private synchronized void background(Instant now) {
        if (failedAt == null || !now.isBefore(failedAt.plusSeconds(1))) {
            load(now, false);
        }
    }

    /**
     * The load in flight if it was sent within half the bound (its copy, waited for, is then
     * within the bound: a call's timeout is shorter than that), else a new one. A load can outlive
     * its request: Lambda freezes the process between invocations.
     */
    private synchronized Load load(Instant now, boolean force) {
        Load current = inFlight;
        if (!force && current != null && !current.startedAt().plus(refreshAfter).isBefore(now)) {
            return current;
        }
        Load next = new Load(now, ++loadsSent, new CompletableFuture<>());
        inFlight = next;
        loader.execute(() -> {
            try {
                Snapshot loaded = scan(now, next.sent());
                installed(next, loaded, null); // before completing: whoever waited finds it in place
                next.result().complete(loaded);
            } catch (RuntimeException | Error e) {
                installed(next, null, e);
                next.result().completeExceptionally(e);
            }
        });
        return next;
    }

    private synchronized void installed(Load load, Snapshot loaded, Throwable failure) {
        if (inFlight == load) {
            inFlight = null;
        }
        if (loaded != null) {
            failedAt = null;
            if (loaded.sent() < validFrom) {
                return; // sent before a change this process made: whoever waited for it gets it, nobody else
            }
            Snapshot current = snapshot;
            if (current == null || loaded.sent() > current.sent()) { // a later load may finish first
                snapshot = loaded;
            }
        } else {
            failedAt = clock.instant();
            LOG.log(System.Logger.Level.WARNING, "roles load failed: " + failure.getClass().getSimpleName());
        }
    }

    private static Snapshot await(Load load) {
        try {
            return load.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Snapshot scan(Instant sentAt, long sent) {
        List<Role> roles = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                Role role = RoleItems.toRole(item);
                if (role != null) {
                    roles.add(role);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        roles.sort(Comparator.comparing(Role::name));
        Map<String, Role> byName = new HashMap<>();
        roles.forEach(role -> byName.put(role.name(), role));
        return new Snapshot(Map.copyOf(byName), List.copyOf(roles), sentAt, sent);
    }

    /**
     * Writes the built-in roles (idempotent: the same definition every time). An update, not a
     * put: whatever else the item holds (a holder count) is kept.
     */
    public static void seed(DynamoDbClient dynamo, String table) {
        for (Role role : BuiltInRoles.ALL) {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of(RoleItems.NAME, s(role.name())))
                    .updateExpression("SET #scoped = :scoped, #description = :description, #permissions = :permissions")
                    .expressionAttributeNames(Map.of("#scoped", RoleItems.SCOPED, "#description", RoleItems.DESCRIPTION,
                            "#permissions", RoleItems.PERMISSIONS))
                    .expressionAttributeValues(Map.of(
                            ":scoped", AttributeValue.fromBool(role.scoped()),
                            ":description", s(role.description()),
                            ":permissions", Attributes.strings(role.permissions().stream().map(Permission::toString).toList()))));
        }
    }
}
