package dev.userapptokens.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Principal;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may call which admin route is decided by the roles table's permissions through core's
 * {@code AccessPolicy}, exactly as the authorizer decides it: one rule, not a second copy in
 * annotations. Resources ask for it with {@code @PermissionsAllowed(RoutePermissions.ROUTE)}.
 */
@ApplicationScoped
public class RoutePermissions {

    public static final String ROUTE = "route";

    @Inject
    AccessPolicy accessPolicy;

    @Inject
    CurrentVertxRequest request;

    /** Blocking: the role catalog re-reads the roles table (its copy is served for at most 10 s). */
    @Blocking
    @PermissionChecker(ROUTE)
    boolean mayCall(SecurityIdentity identity) {
        Principal principal = identity.getAttribute(AppTokenIdentityProvider.PRINCIPAL);
        HttpServerRequest http = request.getCurrent().request();
        return principal != null && accessPolicy.allows(principal, http.method().name(), http.path());
    }
}
