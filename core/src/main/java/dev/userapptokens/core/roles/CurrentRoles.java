package dev.userapptokens.core.roles;

import java.util.List;
import java.util.Optional;

/**
 * The catalog role assignments are checked against (user create and update): the built-in roles
 * from the cached catalog (they never change), every other role read from the store, strongly
 * consistently. So a custom role is assignable the moment its PUT returned, from any function
 * instance, and one deleted or changed is not assigned from a stale copy (the user change's
 * transaction also conditions on the role, see {@link DynamoRoleStore#holdersChange}).
 */
public final class CurrentRoles implements RoleCatalog {

    private final RoleCatalog cached;
    private final RoleStore store;

    public CurrentRoles(RoleCatalog cached, RoleStore store) {
        this.cached = cached;
        this.store = store;
    }

    @Override
    public Optional<Role> find(String name) {
        if (BuiltInRoles.isBuiltIn(name)) {
            return cached.find(name);
        }
        return store.load(name).map(StoredRole::role);
    }

    @Override
    public List<Role> all() {
        return cached.all();
    }
}
