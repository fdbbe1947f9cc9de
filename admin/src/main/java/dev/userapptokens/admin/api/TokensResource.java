package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.tokens.Tokens;
import io.quarkus.security.PermissionsAllowed;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.UserRules;
import io.quarkus.security.identity.SecurityIdentity;

/** A user's app tokens: issue (the only response that carries the token), list, revoke. */
@Path("/v1/users/{id}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class TokensResource {

    @Inject
    Tokens tokens;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The token, shown once") // a Response: the document cannot see its status
    public Response create(@PathParam("id") String userId, Json.NewTokenBody body) {
        UsersResource.requireBody(body);
        IssuedToken issued = tokens.create(identity.getPrincipal().getName(), userId, body.label(),
                body.expiresInDays(), UserRules.timestamp("expiresAt", body.expiresAt()));
        return Response.status(Response.Status.CREATED)
                .header("Location", "/v1/users/" + userId + "/tokens/" + issued.info().id())
                .header("Cache-Control", "no-store") // the secret must not linger in any cache
                .entity(Json.IssuedTokenBody.of(issued)).build();
    }

    @GET
    public Json.Items<Json.TokenBody> list(@PathParam("id") String userId) {
        return new Json.Items<>(tokens.list(userId).stream().map(Json.TokenBody::of).toList());
    }

    @DELETE
    @Path("{tokenId}")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") String userId, @PathParam("tokenId") String tokenId) {
        tokens.revoke(identity.getPrincipal().getName(), userId, tokenId);
        return Response.noContent().build();
    }
}
