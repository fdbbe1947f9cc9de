package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.tokens.Tokens;
import io.quarkus.security.PermissionsAllowed;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.UserRules;
import io.quarkus.security.identity.SecurityIdentity;

/** A user's app tokens: issue and rotate (the only responses that carry a token), list, revoke. */
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
                body.expiresInDays(), UserRules.timestamp("expiresAt", body.expiresAt()), body.permissions());
        return issued(userId, issued);
    }

    @POST
    @Path("{tokenId}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String userId, @PathParam("tokenId") String tokenId, Json.RotateBody body) {
        return issued(userId, rotation(userId, tokenId, identity.getPrincipal().getName(), body, tokens));
    }

    /** The body is optional: none rotates with no overlap and the inherited lifetime. */
    @POST
    @Path("{tokenId}/rotate")
    public Response rotateWithoutBody(@PathParam("id") String userId, @PathParam("tokenId") String tokenId,
                                      @Context HttpHeaders headers) {
        requireNoBody(headers);
        return rotate(userId, tokenId, null);
    }

    /**
     * A request that is not JSON may only come with an empty body (whatever type it names, as
     * clients do for a bare POST): a body in another type is a 415, never silently ignored.
     */
    static void requireNoBody(HttpHeaders headers) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (headers.getHeaderString("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"))) {
            throw new WebApplicationException(Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    /** Rotates {@code tokenId} of {@code userId} as {@code body} (or no body) asks: the rotate endpoints' one rule. */
    static IssuedToken rotation(String userId, String tokenId, String actor, Json.RotateBody body, Tokens tokens) {
        Json.RotateBody asked = body == null ? Json.RotateBody.NONE : body;
        return tokens.rotate(actor, userId, tokenId, asked.overlapSeconds(), asked.expiresInDays(),
                UserRules.timestamp("expiresAt", asked.expiresAt()));
    }

    /** {@code 201} with the new token: the only answers that carry one. */
    static Response issued(String userId, IssuedToken issued) {
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
