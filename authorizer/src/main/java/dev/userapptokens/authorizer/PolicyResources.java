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
        List<String> paths = List.of("");
        for (Permission.Segment segment : permission.pattern()) {
            List<String> next = new ArrayList<>();
            switch (segment.kind()) {
                case LITERAL -> paths.forEach(path -> next.add(path + "/" + segment.literal()));
                case WORKSPACE -> {
                    for (String workspace : workspaces) {
                        if (Permission.isLiteral(workspace)) {
                            paths.forEach(path -> next.add(path + "/" + workspace));
                        }
                    }
                }
                case REST -> next.addAll(paths); // the prefix itself: what lies below cannot be written exactly
                case ANY_ONE -> {
                    return List.of(); // IAM has no "one segment" wildcard
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            paths = next;
        }
        List<String> out = new ArrayList<>();
        for (String method : permission.methods()) {
            for (String path : paths) {
                out.add(prefix + method + (path.isEmpty() ? "/" : path));
            }
        }
        return out;
    }
}
