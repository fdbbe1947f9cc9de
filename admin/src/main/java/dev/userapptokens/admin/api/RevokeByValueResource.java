package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.tokens.Revocation;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;

/** Revoking a token by its value, found in a log, a paste or a repository (API.md {@code POST /v1/tokens/revoke}). */
@Path("/v1/tokens/revoke")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class RevokeByValueResource {

    @Inject
    Revocation revocation;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Json.RevokedBody revoke(Json.RevokeBody body) {
        UsersResource.requireBody(body);
        if (body.token() == null) {
            throw RejectedException.invalid("token", "is required");
        }
        return Json.RevokedBody.of(revocation.revoke(identity.getPrincipal().getName(), body.token()));
    }
}
