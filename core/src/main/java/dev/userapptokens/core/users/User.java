package dev.userapptokens.core.users;

import java.time.Instant;
import java.util.List;

/** A user as the admin API shows it. */
public record User(String id, String firstName, String lastName, String email, LoginOption loginOption,
                   List<RoleAssignment> roles, Instant createdAt, String createdBy) {

    public User {
        roles = List.copyOf(roles);
    }
}
