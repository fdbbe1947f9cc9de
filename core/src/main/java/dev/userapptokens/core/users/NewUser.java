package dev.userapptokens.core.users;

import java.util.List;

/** A create-user request as received; {@link UserRules} checks every field. Nulls mean "absent". */
public record NewUser(String firstName, String lastName, String email, LoginOption loginOption,
                      List<RoleAssignment> roles) {
}
