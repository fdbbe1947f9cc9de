package dev.userapptokens.core.roles;

/**
 * Splits a request path into segments, refusing anything a permission check could be fooled by:
 * empty segments, dot segments, encoded slashes or dots, backslashes, control characters, and path
 * parameters ({@code ;}): servers strip those before routing (Tomcat, Jetty and Spring turn
 * {@code ..;} into a dot segment, JAX-RS drops matrix parameters), so the path they serve would not
 * be the path checked. A refused path is never allowed.
 */
public final class RequestPath {

    private static final int MAX_LENGTH = 2048;

    private RequestPath() {
    }

    /** The segments of {@code path} (which must start with '/'), or null when it is not safe to match. */
    public static String[] segments(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH || path.charAt(0) != '/') {
            return null;
        }
        if (path.length() == 1) {
            return new String[0];
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\' || c == '%' || c == '?' || c == '#' || c == ';') {
                return null;
            }
        }
        String body = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        String[] segments = body.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return segments;
    }
}
