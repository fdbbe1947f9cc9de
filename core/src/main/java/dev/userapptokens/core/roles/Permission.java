package dev.userapptokens.core.roles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One grant: {@code METHOD PATH-PATTERN}, in API.md's grammar ("Custom roles"), parsed once into a
 * typed pattern that both the decision ({@link #allows}) and the REST API's IAM policy writer
 * read, so the grammar is interpreted in this one place.
 *
 * <ul>
 * <li>METHOD: one of {@link #METHODS} or {@code *};</li>
 * <li>PATH-PATTERN: starts with {@code /}; segments are literals of {@code [A-Za-z0-9._~-]} (1..64
 * characters, not {@code .} or {@code ..}), {@code *} (any one segment), {@code {workspaceId}}
 * (one segment naming a workspace the user holds the role for) and a last {@code **} (zero or
 * more segments); no empty segment; at most 32 segments and 512 characters.</li>
 * </ul>
 */
public final class Permission {

    /** The methods of the grammar; {@code *} stands for any of them. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    public static final String ANY_METHOD = "*";

    static final int MAX_PATH_LENGTH = 512;
    static final int MAX_SEGMENTS = 32;
    static final int MAX_LITERAL_LENGTH = 64;

    /** One segment of a path pattern. {@code literal} is set for {@link Kind#LITERAL} only. */
    public record Segment(Kind kind, String literal) {

        public enum Kind {
            /** Exactly {@link Segment#literal}. */
            LITERAL,
            /** {@code *}: any one segment. */
            ANY_ONE,
            /** {@code {workspaceId}}: one segment, a workspace the grant is limited to. */
            WORKSPACE,
            /** {@code **}, last: zero or more segments. */
            REST
        }

        public static final Segment ANY_ONE = new Segment(Kind.ANY_ONE, null);
        public static final Segment WORKSPACE = new Segment(Kind.WORKSPACE, null);
        public static final Segment REST = new Segment(Kind.REST, null);

        static Segment parse(String text) {
            return switch (text) {
                case "*" -> ANY_ONE;
                case "{workspaceId}" -> WORKSPACE;
                case "**" -> REST;
                default -> isLiteral(text) ? new Segment(Kind.LITERAL, text) : null;
            };
        }
    }

    private final String text;
    private final String method;
    private final Segment[] pattern;
    private final List<Segment> patternView;
    private final List<String> methods;

    private Permission(String text, String method, Segment[] pattern) {
        this.text = text;
        this.method = method;
        this.pattern = pattern;
        this.patternView = List.of(pattern);
        this.methods = method.equals(ANY_METHOD) ? METHODS : List.of(method);
    }

    /** Parses {@code "GET /v1/me"}; throws {@link IllegalArgumentException}, saying why, on anything else. */
    public static Permission parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("permission is null");
        }
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("permission must be 'METHOD /path': " + text);
        }
        String method = text.substring(0, space);
        String path = text.substring(space + 1);
        if (!method.equals(ANY_METHOD) && !METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + String.join(" ", METHODS) + " or *: " + text);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + text);
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("path longer than " + MAX_PATH_LENGTH + " characters: " + text);
        }
        List<Segment> segments = new ArrayList<>();
        int start = 1;
        while (true) {
            int end = path.indexOf('/', start);
            String piece = path.substring(start, end < 0 ? path.length() : end);
            if (piece.isEmpty()) {
                throw new IllegalArgumentException("empty path segment: " + text);
            }
            Segment segment = Segment.parse(piece);
            if (segment == null) {
                throw new IllegalArgumentException("a segment is a literal of [A-Za-z0-9._~-] (1.." + MAX_LITERAL_LENGTH
                        + ", not '.' or '..'), '*', '{workspaceId}' or a last '**': " + text);
            }
            if (!segments.isEmpty() && segments.get(segments.size() - 1) == Segment.REST) {
                throw new IllegalArgumentException("'**' may only end a permission: " + text);
            }
            segments.add(segment);
            if (segments.size() > MAX_SEGMENTS) {
                throw new IllegalArgumentException("more than " + MAX_SEGMENTS + " segments: " + text);
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return new Permission(text, method, segments.toArray(new Segment[0]));
    }

    /**
     * Whether {@code text} is a literal segment of the grammar: 1..64 of {@code [A-Za-z0-9._~-]},
     * not {@code .} or {@code ..}. Such a segment means itself in a path and in an IAM resource.
     */
    public static boolean isLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LITERAL_LENGTH || text.equals(".") || text.equals("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this grant allows {@code method} on the already split {@code path}
     * ({@link RequestPath#segments}), its {@code {workspaceId}} segments matching only one of
     * {@code workspaces}.
     */
    public boolean allows(String method, String[] path, Collection<String> workspaces) {
        return matches(method, path, workspaces);
    }

    /**
     * Whether this grant allows {@code method} on {@code path} with {@code {workspaceId}} matching
     * any one segment: a token's own permission, which the owner's role side limits to its
     * workspaces.
     */
    public boolean allowsInAnyWorkspace(String method, String[] path) {
        return matches(method, path, null);
    }

    /** {@code workspaces} null: a {@code {workspaceId}} segment matches any one segment. */
    private boolean matches(String method, String[] path, Collection<String> workspaces) {
        if (method == null || !methods.contains(method)) { // '*': the grammar's methods, not any word
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            Segment segment = pattern[i];
            if (segment.kind() == Segment.Kind.REST) {
                return true;
            }
            if (i >= path.length) {
                return false;
            }
            boolean matches = switch (segment.kind()) {
                case LITERAL -> segment.literal().equals(path[i]);
                case ANY_ONE -> true;
                case WORKSPACE -> workspaces == null || workspaces.contains(path[i]);
                case REST -> true;
            };
            if (!matches) {
                return false;
            }
        }
        return pattern.length == path.length;
    }

    /** {@code *} or one of {@link #METHODS}. */
    public String method() {
        return method;
    }

    /** The methods this grant covers: {@link #METHODS} for {@code *}. */
    public List<String> methods() {
        return methods;
    }

    /** The path pattern, segment by segment (a last {@link Segment#REST} for {@code **}). */
    public List<Segment> pattern() {
        return patternView;
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
