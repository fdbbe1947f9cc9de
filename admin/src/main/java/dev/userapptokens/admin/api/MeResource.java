package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.userapptokens.admin.security.AppTokenIdentityProvider;
import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.Users;
import io.quarkus.security.PermissionsAllowed;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.users.User;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class MeResource {

    @Inject
    Users users;

    @Inject
    Tokens tokens;

    @Inject
    SecurityIdentity identity;

    @GET
    public Json.MeBody me() {
        Principal principal = identity.getAttribute(AppTokenIdentityProvider.PRINCIPAL);
        User user = users.get(principal.userId());
        return new Json.MeBody(user.id(), user.email(), user.firstName(), user.lastName(),
                principal.roles().stream().map(Json.RoleBody::of).toList(), principal.tokenId());
    }

    /** Self-rotation: the calling token rotates itself, as the admin rotate does (actor: the caller). */
    @POST
    @Path("token/rotate")
    public Response rotateOwnTokenWithoutBody(@Context HttpHeaders headers) {
        TokensResource.requireNoBody(headers);
        return rotateOwnToken(null);
    }

    @POST
    @Path("token/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotateOwnToken(Json.RotateBody body) {
        Principal principal = identity.getAttribute(AppTokenIdentityProvider.PRINCIPAL);
        return TokensResource.issued(principal.userId(),
                TokensResource.rotation(principal.userId(), principal.tokenId(), principal.userId(), body, tokens));
    }
}
