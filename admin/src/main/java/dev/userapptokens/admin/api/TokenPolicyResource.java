package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.tokens.TokenPolicy;
import io.quarkus.security.PermissionsAllowed;

/** The deployment's token lifetime policy, as its template parameters set it. */
@Path("/v1/token-policy")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class TokenPolicyResource {

    @Inject
    TokenPolicy policy;

    @GET
    public Json.TokenPolicyBody get() {
        return new Json.TokenPolicyBody(policy.maxLifetimeDays(), policy.defaultLifetimeDays());
    }
}
