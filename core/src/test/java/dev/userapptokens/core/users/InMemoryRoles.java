package dev.userapptokens.core.users;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;

/** A fixed role catalog: the built-in roles and any given, for plain JUnit tests. */
public record InMemoryRoles(List<Role> roles) implements RoleCatalog {

    public InMemoryRoles {
        roles = roles.stream().sorted(Comparator.comparing(Role::name)).toList();
    }

    public static InMemoryRoles builtIn(Role... more) {
        return new InMemoryRoles(java.util.stream.Stream.concat(BuiltInRoles.ALL.stream(), java.util.Arrays.stream(more))
                .toList());
    }

    @Override
    public Optional<Role> find(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    @Override
    public List<Role> all() {
        return roles;
    }
}
