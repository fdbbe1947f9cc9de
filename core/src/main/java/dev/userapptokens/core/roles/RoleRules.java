package dev.userapptokens.core.roles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Text;

/** The input rules of API.md for custom roles and for a token's own permissions. Each failure names its field. */
public final class RoleRules {

    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_ROLE_PERMISSIONS = 100;
    public static final int MAX_TOKEN_PERMISSIONS = 50;
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{2,63}");

    private RoleRules() {
    }

    /** A custom role's name: {@code [A-Z][A-Z0-9_]{2,63}}. */
    public static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw RejectedException.invalid("name", "must be 3 to 64 of A-Z 0-9 _ starting with a letter, such as ORDERS_READER");
        }
        return name;
    }

    /** A role definition as PUT gives it: scoped exactly when every permission holds {workspaceId}. */
    public static Role definition(String name, String description, Boolean scoped, List<String> permissions) {
        String checkedName = name(name);
        String checkedDescription = description == null || description.isBlank() ? ""
                : Text.required("description", description, MAX_DESCRIPTION);
        if (scoped == null) {
            throw RejectedException.invalid("scoped", "is required (true or false)");
        }
        List<Permission> parsed = permissions("permissions", permissions, MAX_ROLE_PERMISSIONS);
        for (Permission permission : parsed) {
            if (holdsWorkspace(permission) != scoped) {
                throw RejectedException.invalid("permissions", scoped
                        ? "a scoped role's every permission contains {workspaceId}: " + permission
                        : "only a scoped role's permissions may contain {workspaceId}: " + permission);
            }
        }
        return new Role(checkedName, scoped, checkedDescription, parsed);
    }

    /** A token's own permissions: absent (null, the owner's full permissions) or 1..50 of the grammar. */
    public static List<Permission> tokenPermissions(List<String> permissions) {
        return permissions == null ? null : permissions("permissions", permissions, MAX_TOKEN_PERMISSIONS);
    }

    private static List<Permission> permissions(String field, List<String> texts, int max) {
        if (texts == null || texts.isEmpty() || texts.size() > max) {
            throw RejectedException.invalid(field, "must list 1 to " + max + " permissions");
        }
        List<Permission> parsed = new ArrayList<>(texts.size());
        Set<Permission> seen = new HashSet<>();
        for (String text : texts) {
            Permission permission;
            try {
                permission = Permission.parse(text);
            } catch (IllegalArgumentException e) {
                throw RejectedException.invalid(field, "'" + Text.printableAscii(String.valueOf(text))
                        + "' is not METHOD /path-pattern (see API.md, Roles)");
            }
            if (!seen.add(permission)) {
                throw RejectedException.invalid(field, permission + " is listed twice");
            }
            parsed.add(permission);
        }
        return List.copyOf(parsed);
    }

    private static boolean holdsWorkspace(Permission permission) {
        return permission.pattern().contains(Permission.Segment.WORKSPACE);
    }
}
