package dev.userapptokens.authorizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.AccessPolicy.Grant;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.roles.Permission;
import dev.userapptokens.core.roles.Permission.Segment;

/**
 * Writes the REST API's IAM policy for a decision: {@code Allow} on the {@code execute-api} method
 * ARNs the user's permissions grant, each meaning exactly one request core allows. API Gateway
 * caches the policy per token and applies it to other routes, so a resource that matched more than
 * the decision would be an allow the permissions do not grant (API.md "The authorizer").
 *
 * <p>In an IAM resource {@code *} matches any run of characters and {@code ?} any one character:
 * {@code /}, {@code \}, controls and non-ASCII included, which core refuses in a path
 * ({@code RequestPath}) and no IAM {@code Deny} can single out. So no resource holds a wildcard;
 * from a permission's typed pattern ({@link Permission#pattern}):
 * <ul>
 * <li>a literal segment is written as is (the grammar's literals mean themselves);</li>
 * <li>{@code {workspaceId}} becomes one resource per workspace of the grant, for workspace ids that
 * are grammar literals (others are left out);</li>
 * <li>a last {@code **} is written as the prefix itself only;</li>
 * <li>a {@code *} segment cannot be written: the permission is left out;</li>
 * <li>a {@code *} method becomes one resource per method of the grammar.</li>
 * </ul>
 * For a token with its own permissions, the candidates of both lists are written the same way and
 * kept only where {@link AccessPolicy#allows} allows them. Leaving out is an under-grant, which is safe: the route asked for is allowed exactly whenever the
 * decision allows it, and a cached policy refuses other routes until it expires (README: caching).
 */
@Singleton
public class IamPolicyWriter {

    private final AccessPolicy access;

    public IamPolicyWriter(AccessPolicy access) {
        this.access = access;
    }

    /**
     * Authenticated: {@code Allow} on every resource of the user's grants plus the route asked for
     * when it is permitted, or an explicit {@code Deny} of the route asked for when it is not;
     * principal and context either way. Not authenticated, or no ARN: {@code Deny} on everything.
     */
    public RestApiResponse policy(Decision decision, MethodArn arn) {
        Principal principal = decision instanceof Decision.Allow allow ? allow.principal()
                : decision instanceof Decision.Deny deny ? deny.principal() : null;
        if (principal == null || arn == null) {
            return RestApiResponse.DENY_ALL;
        }
        String prefix = arn.stagePrefix();
        Set<String> allowed = new LinkedHashSet<>();
        // Candidates from the role side and from the token's own list; each kept only when the
        // decision itself allows its one request, so a narrowed token's policy is never broader
        // than the intersection of both lists.
        for (List<Grant> grants : List.of(access.grants(principal), access.tokenGrants(principal))) {
            for (String resource : allowed(grants, prefix)) {
                if (decisionAllows(principal, resource, prefix)) {
                    allowed.add(resource);
                }
            }
        }
        String asked = arn.text();
        boolean permitted = decision instanceof Decision.Allow;
        if (permitted && asked.indexOf('*') < 0 && asked.indexOf('?') < 0) {
            allowed.add(asked); // exact: even when its permission could not be written as a resource
        }
        return new RestApiResponse(principal.userId(), new ArrayList<>(allowed), permitted ? List.of() : List.of(asked),
                AuthorizerContext.of(principal));
    }

    /** The body for {@code decision}; the deny-all body whenever anything goes wrong. Never throws. */
    public byte[] json(Decision decision, MethodArn arn) {
        try {
            RestApiResponse response = policy(decision, arn);
            return response == RestApiResponse.DENY_ALL ? RestApiResponse.DENY_ALL_JSON : response.toJson();
        } catch (IOException | RuntimeException e) {
            return RestApiResponse.DENY_ALL_JSON;
        }
    }

    /** Whether the decision allows the one request {@code resource} ({@code prefix} METHOD /path) stands for. */
    private boolean decisionAllows(Principal principal, String resource, String prefix) {
        String rest = resource.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash > 0 && access.allows(principal, rest.substring(0, slash), rest.substring(slash));
    }

    /** Every resource of {@code grants} under {@code prefix}, in a stable order, without duplicates. */
    static List<String> allowed(List<Grant> grants, String prefix) {
        Set<String> out = new LinkedHashSet<>();
        for (Grant grant : grants) {
            out.addAll(resources(prefix, grant.permission(), grant.workspaces()));
        }
        return List.copyOf(out);
    }

    /** The resources for one permission under {@code prefix} ({@code arn:...:apiId/stage/}); empty when inexpressible. */
    static List<String> resources(String prefix, Permission permission, List<String> workspaces) {
        List<String> paths = List.of("");
        for (Segment segment : permission.pattern()) {
            List<String> next = new ArrayList<>();
            switch (segment.kind()) {
                case LITERAL -> {
                    for (String path : paths) {
                        next.add(path + "/" + segment.literal());
                    }
                }
                case WORKSPACE -> {
                    for (String workspace : workspaces) {
                        if (Permission.isLiteral(workspace)) {
                            for (String path : paths) {
                                next.add(path + "/" + workspace);
                            }
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
