package dev.userapptokens.core.users;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.userapptokens.core.Ids;
import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.store.Transactions;

/**
 * Users: create, read, list, update, delete. The rules are here ({@link UserRules} for each
 * field); every change is one write of the {@link UserStore}, re-read and tried again when it
 * lost a race.
 */
public final class Users {

    private final UserStore store;
    private final RoleCatalog roles;
    private final Ids ids;
    private final Clock clock;

    public Users(UserStore store, RoleCatalog roles, Ids ids, Clock clock) {
        this.store = store;
        this.roles = roles;
        this.ids = ids;
        this.clock = clock;
    }

    public User create(String actorUserId, NewUser request) {
        String firstName = UserRules.name("firstName", request.firstName());
        String lastName = UserRules.name("lastName", request.lastName());
        String email = UserRules.email(request.email());
        LoginOption loginOption = request.loginOption() == null ? LoginOption.NON_INTERACTIVE : request.loginOption();
        Instant now = now();
        String id = ids.next(Ids.USER_PREFIX);
        // The roles are checked in the loop: a write that lost a race to a change of one of them
        // (deleted, or its scoped changed) is checked again against the role as it is now.
        return Transactions.untilCommitted("user", () -> {
            List<RoleAssignment> assigned = UserRules.roles(request.roles(), roles);
            User user = new User(id, firstName, lastName, email, loginOption, assigned, now, actorUserId);
            store.create(user, new AuditEvent(now, actorUserId, AuditAction.USER_CREATED, user.id(), null));
            return user;
        });
    }

    public User get(String id) {
        return load(id).orElseThrow(() -> RejectedException.notFound("user")).user();
    }

    /** The stored user with its version and token index, read strongly consistently. */
    public Optional<StoredUser> load(String id) {
        if (!Ids.isId(Ids.USER_PREFIX, id)) {
            return Optional.empty(); // not one of our ids: no read needed to know it is absent
        }
        return store.load(id);
    }

    /** A page of users in storage order. */
    public Page<User> list(String limit, String cursor, String loginOptionFilter) {
        return store.list(limit, cursor, loginOptionFilter);
    }

    /**
     * The id of some user holding the unscoped role {@code role}, if any. A full scan: meant for
     * the bootstrap command, not for request paths.
     */
    public Optional<String> anyWithRole(String role) {
        return store.anyWithRole(role);
    }

    public User update(String actorUserId, String id, UserPatch patch) {
        if (patch.isEmpty()) {
            throw RejectedException.invalid("body", "give at least one of firstName, lastName, roles");
        }
        String firstName = patch.firstName() == null ? null : UserRules.name("firstName", patch.firstName());
        String lastName = patch.lastName() == null ? null : UserRules.name("lastName", patch.lastName());
        return Transactions.untilCommitted("user", () -> {
            List<RoleAssignment> newRoles = patch.roles() == null ? null : UserRules.roles(patch.roles(), roles);
            StoredUser stored = load(id).orElseThrow(() -> RejectedException.notFound("user"));
            User old = stored.user();
            User updated = new User(old.id(), firstName == null ? old.firstName() : firstName,
                    lastName == null ? old.lastName() : lastName, old.email(), old.loginOption(),
                    newRoles == null ? old.roles() : newRoles, old.createdAt(), old.createdBy());
            Instant now = now();
            store.update(stored, updated, stored.expiredTokenIds(now),
                    new AuditEvent(now, actorUserId, AuditAction.USER_UPDATED, id, null));
            return updated;
        });
    }

    /** Deletes the user, its email lock and every token of it, in one write. */
    public void delete(String actorUserId, String id) {
        Transactions.untilCommitted("user", () -> {
            StoredUser stored = load(id).orElseThrow(() -> RejectedException.notFound("user"));
            store.delete(stored, new AuditEvent(now(), actorUserId, AuditAction.USER_DELETED, id, null));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
