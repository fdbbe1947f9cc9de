package dev.userapptokens.admin.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.userapptokens.admin.http.RequestLog;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.auth.Verification;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns core's verification into a Quarkus identity carrying core's {@link Principal} (which
 * {@link RoutePermissions} checks against the roles' permissions). The
 * verification reads DynamoDB, so it runs on a worker thread.
 */
@ApplicationScoped
public class AppTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attribute holding core's {@link Principal}. */
    public static final String PRINCIPAL = "uat.principal";
    private static final Logger LOG = Logger.getLogger(AppTokenIdentityProvider.class);

    @Inject
    Verifier verifier;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            SecurityIdentity identity = identity(verifier.verify(request.getToken().getToken()));
            RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (http != null) {
                http.put(RequestLog.ACTOR, identity.getPrincipal().getName()); // the request line's actor
            }
            return identity;
        });
    }

    private static SecurityIdentity identity(Verification verification) {
        if (verification instanceof Verification.Denied denied) {
            LOG.debugf("request denied: %s", denied.reason());
            if (denied.reason() == DenyReason.UNAVAILABLE) {
                // Still a refusal, but one the caller should retry rather than replace its token.
                throw new StorageUnavailableException();
            }
            throw new AuthenticationFailedException();
        }
        Principal principal = ((Verification.Authenticated) verification).principal();
        // No Quarkus roles: nothing reads them; RoutePermissions checks the principal's permissions.
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal.userId()))
                .addAttribute(PRINCIPAL, principal)
                .build();
    }
}
