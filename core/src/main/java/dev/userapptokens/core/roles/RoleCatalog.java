package dev.userapptokens.core.roles;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The roles and their grants. The DynamoDB catalog caches them: they change rarely. */
public interface RoleCatalog {

    /**
     * The longest the functions serve a loaded copy of the roles (API.md: a role definition change
     * reaches every function within 10 seconds). A copy is dated when its read was sent, and a
     * reload starts at half of this, so a function in use reads the roles table about once every
     * 5 seconds.
     */
    Duration REFRESH = Duration.ofSeconds(10);

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

    /**
     * A role definition was just changed through this process: a catalog that caches drops its
     * copy, so that the next lookup reads the change.
     */
    default void invalidate() {
    }
}
