package dev.userapptokens.core.roles;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.store.Transactions;

/**
 * Role definitions (API.md "Custom roles" and the roles endpoints): list, read, create or replace,
 * delete. The rules are here and in {@link RoleRules}; every change is one write of the
 * {@link RoleStore} with its audit event, read again and tried again when it lost a race. After a
 * change the given catalog is invalidated, so this process's next lookup sees it.
 *
 * <ul>
 * <li>The built-in roles ({@link BuiltInRoles}) cannot be replaced or deleted: 409.</li>
 * <li>{@code scoped} of a role that a user holds cannot change: 409 (its holders' workspaces
 * would stop meaning anything, or be missing).</li>
 * <li>A role that a user holds cannot be deleted: 409. Whether anyone holds it is the role's
 * holder count, kept by every user change in its own transaction: no scan of the users.</li>
 * </ul>
 */
public final class Roles {

    /** The answer to a PUT: the role as stored, and whether it was created (201) or replaced (200). */
    public record Put(Role role, boolean created) {
    }

    private final RoleStore store;
    private final RoleCatalog catalog;
    private final Clock clock;

    public Roles(RoleStore store, RoleCatalog catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Every role, built-in and custom, by name, read strongly consistently. */
    public List<Role> list() {
        return store.list().stream().map(StoredRole::role).toList();
    }

    public Role get(String name) {
        return load(name).orElseThrow(() -> RejectedException.notFound("role")).role();
    }

    /** The stored role with its version and holder count; empty for a name outside the grammar, without a read. */
    public Optional<StoredRole> load(String name) {
        if (!isName(name)) {
            return Optional.empty();
        }
        return store.load(name);
    }

    /** Creates or replaces the custom role {@code name} with the definition given. */
    public Put put(String actorUserId, String name, String description, Boolean scoped, List<String> permissions) {
        RoleRules.name(name);
        refuseBuiltIn(name);
        Role role = RoleRules.definition(name, description, scoped, permissions);
        Put done = Transactions.untilCommitted("role", () -> {
            StoredRole before = store.load(name).orElse(null);
            if (before != null && before.role().scoped() != role.scoped() && before.holders() > 0) {
                throw RejectedException.conflict("scoped: " + name + " is held by " + holders(before.holders())
                        + "; scoped cannot change while a user holds the role");
            }
            AuditAction action = before == null ? AuditAction.ROLE_CREATED : AuditAction.ROLE_UPDATED;
            store.put(before, role, AuditEvent.ofRole(now(), actorUserId, action, name));
            return new Put(role, before == null);
        });
        catalog.invalidate();
        return done;
    }

    /** Deletes the custom role {@code name}; 404 when there is none, 409 while a user holds it. */
    public void delete(String actorUserId, String name) {
        if (!isName(name)) {
            throw RejectedException.notFound("role");
        }
        refuseBuiltIn(name);
        Transactions.untilCommitted("role", () -> {
            StoredRole stored = store.load(name).orElseThrow(() -> RejectedException.notFound("role"));
            if (stored.holders() > 0) {
                throw RejectedException.conflict("role: " + name + " is held by " + holders(stored.holders())
                        + "; take it from them first");
            }
            store.delete(stored, AuditEvent.ofRole(now(), actorUserId, AuditAction.ROLE_DELETED, name));
        });
        catalog.invalidate();
    }

    private static void refuseBuiltIn(String name) {
        if (BuiltInRoles.isBuiltIn(name)) {
            throw RejectedException.conflict("role: " + name + " is a built-in role and cannot be changed or deleted");
        }
    }

    private static boolean isName(String name) {
        try {
            RoleRules.name(name);
            return true;
        } catch (RejectedException e) {
            return false;
        }
    }

    private static String holders(long count) {
        return count == 1 ? "1 user" : count + " users";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
