package dev.userapptokens.core.users;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Text;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;

/** Every input rule of API.md for users and tokens, in one place. Each failure names its field. */
public final class UserRules {

    public static final int MAX_NAME = 100;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_LABEL = 100;
    public static final int MAX_ROLES = 20;
    public static final int MAX_WORKSPACES = 100;
    public static final int MIN_EXPIRES_IN_DAYS = 1;
    public static final int MAX_EXPIRES_IN_DAYS = 3650;
    public static final int MAX_OVERLAP_SECONDS = 86_400;
    public static final int MAX_PAGE = 100;
    public static final int DEFAULT_PAGE = 50;

    // Dot-atom local part (RFC 5322 without quoted strings) and a host name with a top-level label.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private UserRules() {
    }

    /** A first or last name: {@link Text}'s rule, at most 100 characters. */
    public static String name(String field, String value) {
        return Text.required(field, value, MAX_NAME);
    }

    /** A well-formed address of at most 254 characters, trimmed. */
    public static String email(String value) {
        String trimmed = Text.required("email", value, MAX_EMAIL);
        int at = trimmed.indexOf('@');
        if (!EMAIL.matcher(trimmed).matches() || at > 64) {
            throw RejectedException.invalid("email", "must be a well-formed email address");
        }
        return trimmed;
    }

    /** The form under which uniqueness is enforced: case-insensitive. */
    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** Known roles, no duplicates, workspaces exactly when the role is scoped. */
    public static List<RoleAssignment> roles(List<RoleAssignment> roles, RoleCatalog catalog) {
        if (roles == null) {
            return List.of();
        }
        if (roles.size() > MAX_ROLES) {
            throw RejectedException.invalid("roles", "at most " + MAX_ROLES + " roles");
        }
        Set<String> seen = new HashSet<>();
        for (RoleAssignment assignment : roles) {
            if (assignment == null || assignment.name() == null) {
                throw RejectedException.invalid("roles", "each role needs a name");
            }
            String name = assignment.name();
            Role role = ROLE_NAME.matcher(name).matches() ? catalog.find(name).orElse(null) : null;
            if (role == null) {
                throw RejectedException.invalid("roles", "unknown role '" + Text.printable(name) + "'");
            }
            if (!seen.add(name)) {
                throw RejectedException.invalid("roles", "role " + name + " is listed twice");
            }
            List<String> workspaces = assignment.workspaces();
            if (role.scoped() && workspaces.isEmpty()) {
                throw RejectedException.invalid("roles", name + " is scoped: workspaces must not be empty");
            }
            if (!role.scoped() && !workspaces.isEmpty()) {
                throw RejectedException.invalid("roles", name + " is not scoped: workspaces must be absent or empty");
            }
            if (workspaces.size() > MAX_WORKSPACES) {
                throw RejectedException.invalid("roles", name + ": at most " + MAX_WORKSPACES + " workspaces");
            }
            if (new HashSet<>(workspaces).size() != workspaces.size()) {
                throw RejectedException.invalid("roles", name + ": a workspace is listed twice");
            }
            for (String workspace : workspaces) {
                if (workspace == null || !WORKSPACE.matcher(workspace).matches()) {
                    throw RejectedException.invalid("roles",
                            name + ": workspace ids are 1 to 64 of A-Z a-z 0-9 . _ - starting with a letter or digit");
                }
            }
        }
        return List.copyOf(roles);
    }

    /** A token's label: {@link Text}'s rule, at most 100 characters. */
    public static String label(String value) {
        return Text.required("label", value, MAX_LABEL);
    }

    /**
     * The expiry of a new token: in days, at an instant at least a second ahead, or never; not
     * both. Whole seconds, as stored, and always later than {@code now}, the token's createdAt.
     */
    public static Instant expiry(Integer expiresInDays, Instant expiresAt, Instant now) {
        if (expiresInDays != null && expiresAt != null) {
            throw RejectedException.invalid("expiresAt", "give expiresInDays or expiresAt, not both");
        }
        if (expiresInDays != null) {
            if (expiresInDays < MIN_EXPIRES_IN_DAYS || expiresInDays > MAX_EXPIRES_IN_DAYS) {
                throw RejectedException.invalid("expiresInDays",
                        "must be between " + MIN_EXPIRES_IN_DAYS + " and " + MAX_EXPIRES_IN_DAYS);
            }
            return now.plusSeconds(86_400L * expiresInDays).truncatedTo(ChronoUnit.SECONDS);
        }
        if (expiresAt != null) {
            // Stored to the second (the TTL attribute): a second ahead keeps it later than createdAt.
            if (expiresAt.isBefore(now.plusSeconds(1))) {
                throw RejectedException.invalid("expiresAt", "must be at least one second in the future");
            }
            if (expiresAt.isAfter(now.plusSeconds(86_400L * MAX_EXPIRES_IN_DAYS))) {
                throw RejectedException.invalid("expiresAt", "must be at most " + MAX_EXPIRES_IN_DAYS + " days ahead");
            }
            return expiresAt.truncatedTo(ChronoUnit.SECONDS);
        }
        return null;
    }

    /** A rotation's {@code overlapSeconds}: 0 (the default) to {@value #MAX_OVERLAP_SECONDS}. */
    public static Duration overlap(Integer seconds) {
        if (seconds == null) {
            return Duration.ZERO;
        }
        if (seconds < 0 || seconds > MAX_OVERLAP_SECONDS) {
            throw RejectedException.invalid("overlapSeconds", "must be between 0 and " + MAX_OVERLAP_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    /** A page size from a query string: absent means the default, anything else must be 1..100 in ASCII digits. */
    public static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        String digits = limit.strip();
        // ASCII digits only: Integer.parseInt takes other scripts' digits too ('٥', '５') and a '+'.
        if (!digits.isEmpty() && digits.length() <= 3 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(digits);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        }
        throw RejectedException.invalid("limit", "must be an integer between 1 and " + MAX_PAGE);
    }

    /** A login-option filter from a query string; null means no filter. */
    public static LoginOption loginOption(String value) {
        if (value == null) {
            return null;
        }
        for (LoginOption option : LoginOption.values()) {
            if (option.name().equals(value)) {
                return option;
            }
        }
        throw RejectedException.invalid("loginOption", "must be NON_INTERACTIVE or INTERACTIVE");
    }

    /** An RFC 3339 timestamp from a request body; null stays null. */
    public static Instant timestamp(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw RejectedException.invalid(field, "must be an RFC 3339 timestamp such as 2027-01-01T00:00:00Z");
        }
    }
}
