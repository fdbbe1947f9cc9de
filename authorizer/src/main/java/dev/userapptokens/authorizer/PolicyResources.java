package dev.userapptokens.authorizer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.Role;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.users.RoleAssignment;

/**
 * The {@code execute-api} method ARNs a REST API policy may allow for a principal: its
 * permissions, written as IAM resources, and only where the resource is <b>no broader</b> than
 * the permission. API Gateway caches the policy per token and applies it to other routes, so a
 * resource that matched more than the permission would be an allow the rules do not grant.
 *
 * <p>In an IAM resource {@code *} matches any run of characters, {@code /} included, and
 * {@code ?} any one character. Hence:
 * <ul>
 * <li>a literal segment is written as is, unless it contains {@code *} or {@code ?} (then the
 * permission is left out: it cannot be written literally);</li>
 * <li>{@code {workspaceId}} becomes one resource per workspace of the user's assignment of that
 * role (a workspace id containing {@code *}, {@code ?} or {@code /} is left out);</li>
 * <li>a trailing {@code **} becomes two resources, the prefix itself and {@code prefix/*}: that is
 * exactly "the prefix and anything below it", which is what {@code **} grants;</li>
 * <li>a {@code *} segment (exactly one segment) cannot be written: {@code *} would also match
 * {@code a/b}. Such a permission is left out of the policy (under-granting is safe: the route
 * asked for is allowed explicitly when the permission matches it, other routes then ask again
 * once the cached policy expires);</li>
 * <li>a {@code *} method is written as one resource per standard HTTP method, not as {@code *}:
 * {@code stage/* /v1/users} would also match {@code stage/GET/x/v1/users}.</li>
 * </ul>
 *
 * <p>IAM matching knows nothing of paths, so {@code prefix/*} also matches {@code prefix/../x} or
 * {@code prefix/%2e%2e/x}, which core's access policy refuses (see {@code RequestPath}).
 * {@link #unsafe} gives the matching explicit denies, so that a cached policy refuses them too.
 */
public final class PolicyResources {

    /** The methods a {@code *} permission is spelled out as (API Gateway's REST API methods). */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private static final String WORKSPACE = "{workspaceId}";
    private static final String ONE = "*";
    private static final String REST = "**";

    private PolicyResources() {
    }

    /** Every resource the principal's roles allow, in a stable order, without duplicates. */
    public static List<String> allowed(Principal principal, RoleCatalog roles, MethodArn request) {
        Set<String> out = new LinkedHashSet<>();
        String prefix = request.stagePrefix();
        for (RoleAssignment assignment : principal.roles()) {
            Optional<Role> role = roles.find(assignment.name());
            if (role.isEmpty()) {
                continue;
            }
            for (Permission permission : role.get().permissions()) {
                out.addAll(resources(prefix, permission, assignment.workspaces()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Resources matching the paths core never allows, for an explicit {@code Deny} (which wins over
     * any {@code Allow}): percent-encodings, dot segments, empty segments. Backslashes, control
     * and non-ASCII characters, also refused by core, are not written: an IAM resource has no
     * dependable literal for them. Those requests are still denied when they reach the authorizer;
     * only a policy cached from another request could let them through, under the user's own
     * permitted prefixes.
     */
    public static List<String> unsafe(MethodArn request) {
        String any = request.stagePrefix() + "*";
        return List.of(any + "%*", any + "/./*", any + "/.", any + "/../*", any + "/..", any + "//*");
    }

    /** The resources for one permission under {@code prefix} ({@code arn:...:apiId/stage/}); empty when inexpressible. */
    static List<String> resources(String prefix, Permission permission, List<String> workspaces) {
        String[] segments = permission.segments();
        boolean rest = segments.length > 0 && segments[segments.length - 1].equals(REST);
        int fixed = rest ? segments.length - 1 : segments.length;
        List<String> paths = new ArrayList<>();
        paths.add("");
        for (int i = 0; i < fixed; i++) {
            String segment = segments[i];
            if (segment.equals(ONE)) {
                return List.of();
            }
            List<String> next = new ArrayList<>();
            if (segment.equals(WORKSPACE)) {
                for (String workspace : workspaces) {
                    if (isLiteral(workspace)) {
                        for (String path : paths) {
                            next.add(path + "/" + workspace);
                        }
                    }
                }
            } else if (isLiteral(segment)) {
                for (String path : paths) {
                    next.add(path + "/" + segment);
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            paths = next;
        }
        List<String> methods = permission.method().equals("*") ? METHODS : List.of(permission.method());
        List<String> out = new ArrayList<>();
        for (String method : methods) {
            for (String path : paths) {
                out.add(prefix + method + (path.isEmpty() ? "/" : path));
                if (rest) {
                    out.add(prefix + method + path + "/*");
                }
            }
        }
        return out;
    }

    /** Whether {@code text} can stand in a resource ARN meaning exactly itself: no wildcard, no separator. */
    static boolean isLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '*' || c == '?' || c == '/') {
                return false;
            }
        }
        return true;
    }
}
