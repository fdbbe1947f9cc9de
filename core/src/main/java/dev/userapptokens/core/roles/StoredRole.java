package dev.userapptokens.core.roles;

/**
 * A role as stored, with what the rules of its changes read: {@code version}, which every change
 * of the definition moves (0 for an item no change of the API wrote: a seeded built-in role, or
 * one written by hand), and {@code holders}, how many users hold it, kept by every user change in
 * its own transaction (custom roles only: the built-in ones are never deleted or changed).
 */
public record StoredRole(Role role, long version, long holders) {

    public boolean isBuiltIn() {
        return BuiltInRoles.isBuiltIn(role.name());
    }
}
