package dev.userapptokens.core.roles;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * One grant of a role: {@code METHOD PATH-PATTERN}. METHOD is an HTTP method or {@code *}.
 * PATH-PATTERN segments are literals, {@code *} (one segment), {@code {workspaceId}} (one segment
 * naming a workspace the user holds the role for) and a trailing {@code **} (zero or more
 * segments).
 */
public final class Permission {

    static final String WORKSPACE = "{workspaceId}";
    static final String ONE = "*";
    static final String REST = "**";

    private final String text;
    private final String method;
    private final String[] segments;

    private Permission(String text, String method, String[] segments) {
        this.text = text;
        this.method = method;
        this.segments = segments;
    }

    /** Parses {@code "GET /v1/me"}; throws {@link IllegalArgumentException} on anything else. */
    public static Permission parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("permission is null");
        }
        String[] parts = text.trim().split(" +");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("permission must be 'METHOD /path': " + text);
        }
        String method = parts[0].toUpperCase(Locale.ROOT);
        if (!method.equals("*") && !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("bad method in permission: " + text);
        }
        String[] segments = RequestPath.segments(parts[1]);
        if (segments == null) {
            throw new IllegalArgumentException("bad path in permission: " + text);
        }
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(REST) && i != segments.length - 1) {
                throw new IllegalArgumentException("'**' may only end a permission: " + text);
            }
        }
        return new Permission(method + " " + parts[1], method, segments);
    }

    /**
     * Whether this grant allows {@code method} on the already split {@code path}, the
     * {@code {workspaceId}} segment matching only one of {@code workspaces}.
     */
    public boolean allows(String method, String[] path, Collection<String> workspaces) {
        if (!this.method.equals("*") && !this.method.equals(method)) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            String pattern = segments[i];
            if (pattern.equals(REST)) {
                return true;
            }
            if (i >= path.length) {
                return false;
            }
            String actual = path[i];
            boolean matches = switch (pattern) {
                case ONE -> true;
                case WORKSPACE -> workspaces.contains(actual);
                default -> pattern.equals(actual);
            };
            if (!matches) {
                return false;
            }
        }
        return segments.length == path.length;
    }

    /** Whether the pattern has a {@code {workspaceId}} segment. */
    public boolean isWorkspaceScoped() {
        return Arrays.asList(segments).contains(WORKSPACE);
    }

    public String method() {
        return method;
    }

    /** The path pattern's segments, for building IAM resource ARNs. */
    public String[] segments() {
        return segments.clone();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
