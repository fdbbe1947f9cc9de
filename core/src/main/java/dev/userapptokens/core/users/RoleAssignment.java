package dev.userapptokens.core.users;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A role held by a user, with the workspaces it applies to (empty for unscoped roles).
 * Its compact form, used in storage and in the authorizer's context, is {@code NAME} or
 * {@code NAME:ws-1|ws-2}; the characters ',', ':' and '|' cannot occur in names or workspace ids.
 */
public record RoleAssignment(String name, List<String> workspaces) {

    public RoleAssignment {
        workspaces = workspaces == null ? List.of() : List.copyOf(workspaces);
    }

    public static RoleAssignment of(String name, String... workspaces) {
        return new RoleAssignment(name, Arrays.asList(workspaces));
    }

    public String compact() {
        return workspaces.isEmpty() ? name : name + ":" + String.join("|", workspaces);
    }

    public static RoleAssignment fromCompact(String compact) {
        int colon = compact.indexOf(':');
        if (colon < 0) {
            return new RoleAssignment(compact, List.of());
        }
        return new RoleAssignment(compact.substring(0, colon), Arrays.asList(compact.substring(colon + 1).split("\\|")));
    }

    /** {@code DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2}. */
    public static String compact(List<RoleAssignment> roles) {
        StringBuilder out = new StringBuilder();
        for (RoleAssignment role : roles) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(role.compact());
        }
        return out.toString();
    }

    public static List<RoleAssignment> fromCompact(List<String> compact) {
        List<RoleAssignment> roles = new ArrayList<>(compact.size());
        for (String each : compact) {
            roles.add(fromCompact(each));
        }
        return roles;
    }

    public static List<String> toCompact(List<RoleAssignment> roles) {
        return roles.stream().map(RoleAssignment::compact).toList();
    }
}
