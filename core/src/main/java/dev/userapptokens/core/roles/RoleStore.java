package dev.userapptokens.core.roles;

import java.util.List;
import java.util.Optional;

import dev.userapptokens.core.audit.AuditEvent;

/**
 * The roles table as the role rules ({@link Roles}) read and change it. Every change is one write
 * of the role with its audit event (on DynamoDB: one TransactWriteItems), conditioned on what the
 * caller read: the version, and no holder for a deletion or a change of {@code scoped}. A write
 * that lost a race throws {@link dev.userapptokens.core.store.ConcurrentChange}, and the caller
 * reads again ({@link dev.userapptokens.core.store.Transactions#untilCommitted}).
 *
 * <p>The holder counts are written by the user store, in the transaction of the user change that
 * adds or removes a custom role: so a deletion knows whether anyone holds the role without
 * reading the users.
 */
public interface RoleStore {

    /** The role, read strongly consistently; empty when there is none (or its item does not parse). */
    Optional<StoredRole> load(String name);

    /** Every role, read strongly consistently, sorted by name. */
    List<StoredRole> list();

    /**
     * Writes {@code after} over {@code before} (null: there is none), moving the version; a change
     * of {@code scoped} is conditioned on the role having no holder. Holders are kept as they are.
     */
    void put(StoredRole before, Role after, AuditEvent event);

    /** Deletes the role, conditioned on its version and on its having no holder. */
    void delete(StoredRole stored, AuditEvent event);
}
