package dev.userapptokens.core.roles;

import java.util.List;

/** A role as stored in the roles table: its name, whether it is scoped to workspaces, its grants. */
public record Role(String name, boolean scoped, String description, List<Permission> permissions) {

    public Role {
        permissions = List.copyOf(permissions);
    }
}
