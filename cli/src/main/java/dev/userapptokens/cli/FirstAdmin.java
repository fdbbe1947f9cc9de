package dev.userapptokens.cli;

import java.util.List;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.roles.BuiltInRoles;
import dev.userapptokens.core.roles.RoleRules;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;

/**
 * Creates the first Global User Admin. The root of trust is whoever can write the tables (the
 * operator's AWS credentials), so there is no API for this: it refuses when an admin already
 * exists unless forced, and it seeds the roles first (idempotent).
 */
public final class FirstAdmin {

    /** Who the audit trail names as the actor of the bootstrap changes. */
    public static final String ACTOR = "bootstrap";

    /** Thrown when a Global User Admin already exists and the caller did not force a second one. */
    public static final class AlreadyBootstrapped extends RuntimeException {
        AlreadyBootstrapped(String userId) {
            super("a Global User Admin already exists (" + userId + "); pass --force to create another");
        }
    }

    public record Created(User user, IssuedToken token) {
    }

    private FirstAdmin() {
    }

    /** {@code tokenPermissions}: the first token's own permissions (API.md "Token permissions"), or null for all. */
    public static Created create(DynamoWiring app, String email, String firstName, String lastName, boolean force,
                                 List<String> tokenPermissions) {
        RoleRules.tokenPermissions(tokenPermissions); // refused before anything is written
        app.seedRoles();
        if (!force) {
            app.users().anyWithRole(BuiltInRoles.GLOBAL_USER_ADMIN).ifPresent(existing -> {
                throw new AlreadyBootstrapped(existing);
            });
        }
        User admin = app.users().create(ACTOR, new NewUser(firstName, lastName, email, LoginOption.NON_INTERACTIVE,
                List.of(RoleAssignment.of(BuiltInRoles.DEVELOPER), RoleAssignment.of(BuiltInRoles.GLOBAL_USER_ADMIN))));
        IssuedToken token = app.tokens().create(ACTOR, admin.id(), "bootstrap", null, null, tokenPermissions);
        return new Created(admin, token);
    }
}
