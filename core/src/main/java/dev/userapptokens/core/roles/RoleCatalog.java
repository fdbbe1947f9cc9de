package dev.userapptokens.core.roles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The roles and their grants. The DynamoDB catalog caches them: they change rarely. */
public interface RoleCatalog {

    /** How long the functions serve the roles from memory before reading them again. */
    Duration REFRESH = Duration.ofMinutes(1);

    Optional<Role> find(String name);

    /** Every role, sorted by name. */
    List<Role> all();

    /**
     * A lookup is coming (a verification is about to read its token): a catalog that will have to
     * load for it starts now, without waiting and without throwing, so that both reads are in
     * flight at once and the verification costs one round trip, not two.
     */
    default void prefetch() {
    }
}
