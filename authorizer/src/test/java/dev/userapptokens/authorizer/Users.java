package dev.userapptokens.authorizer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;

/** Users and tokens made through core, as the admin function makes them. */
final class Users {

    static final String ADMIN = "usr_testadmin";
    private static final AtomicLong SEQ = new AtomicLong();

    private Users() {
    }

    static User create(DynamoWiring app, RoleAssignment... roles) {
        return app.users().create(ADMIN, new NewUser("Test", "User",
                "user" + SEQ.incrementAndGet() + "." + System.nanoTime() + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of(roles)));
    }

    static IssuedToken token(DynamoWiring app, User user) {
        return app.tokens().create(ADMIN, user.id(), "test", null, null);
    }

    static IssuedToken token(DynamoWiring app, User user, Instant expiresAt) {
        return app.tokens().create(ADMIN, user.id(), "test", null, expiresAt);
    }

    /** A user holding {@code roles} and a fresh token of it. */
    static Holder holder(DynamoWiring app, RoleAssignment... roles) {
        User user = create(app, roles);
        return new Holder(user, token(app, user));
    }

    /** A user holding {@code roles} and a fresh token narrowed to {@code permissions}. */
    static Holder narrowedHolder(DynamoWiring app, List<String> permissions, RoleAssignment... roles) {
        User user = create(app, roles);
        return new Holder(user, app.tokens().create(ADMIN, user.id(), "narrowed", null, null, permissions));
    }

    record Holder(User user, IssuedToken issued) {
        String token() {
            return issued.token();
        }

        String bearer() {
            return "Bearer " + issued.token();
        }
    }
}
