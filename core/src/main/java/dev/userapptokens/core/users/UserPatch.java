package dev.userapptokens.core.users;

import java.util.List;

/** A partial update: null fields are left as they are; roles replace the whole set. */
public record UserPatch(String firstName, String lastName, List<RoleAssignment> roles) {

    public boolean isEmpty() {
        return firstName == null && lastName == null && roles == null;
    }
}
