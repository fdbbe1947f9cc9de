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
 * permissions, written as IAM resources, and only where the resource means exactly one request
 * that core allows. API Gateway caches the policy per token and applies it to other routes, so a
 * resource that matched more than the decision would be an allow the rules do not grant.
 *
 * <p>In an IAM resource {@code *} matches any run of characters and {@code ?} any one character:
 * {@code /}, {@code \}, controls and non-ASCII included, all of which core refuses in a path
 * ({@code RequestPath}) and none of which an IAM {@code Deny} can single out. So no resource holds
 * a wildcard:
 * <ul>
 * <li>a literal segment is written as is;</li>
 * <li>{@code {workspaceId}} becomes one resource per workspace of the user's assignment of that
 * role, for workspace ids that are grammar literals (others are left out);</li>
 * <li>a trailing {@code **} is written as the prefix itself only: what lies below it cannot be
 * written exactly;</li>
 * <li>a {@code *} segment cannot be written; such a permission is left out;</li>
 * <li>a {@code *} method is written as one resource per method of the grammar.</li>
 * </ul>
 * Leaving out is an under-grant, which is safe: the route asked for is allowed exactly when a
 * permission matches it, and a cached policy refuses the rest until it expires (README: caching).
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
            }
        }
        return out;
    }

    /**
     * Whether {@code text} can stand in a resource ARN meaning exactly itself, as a path segment core
     * allows: 1..64 of {@code [A-Za-z0-9._~-]}, not {@code .} or {@code ..}.
     */
    static boolean isLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 64 || text.equals(".") || text.equals("..")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
