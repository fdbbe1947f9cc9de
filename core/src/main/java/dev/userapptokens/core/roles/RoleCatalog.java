package dev.userapptokens.core.roles;

import java.util.List;
import java.util.Optional;

/** The roles and their grants. The DynamoDB catalog caches them: they change rarely. */
public interface RoleCatalog {

    Optional<Role> find(String name);

    /** Every role, sorted by name. */
    List<Role> all();
}
