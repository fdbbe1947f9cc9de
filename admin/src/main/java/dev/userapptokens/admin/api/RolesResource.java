package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.roles.Roles;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;

/** The roles endpoints (API.md): list, read, create or replace, delete. Bind, call core, map: the rules are core's. */
@Path("/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class RolesResource {

    @Inject
    Roles roles;

    @Inject
    SecurityIdentity identity;

    @GET
    public Json.Items<Json.RoleDefinitionBody> list() {
        return new Json.Items<>(roles.list().stream().map(Json.RoleDefinitionBody::of).toList());
    }

    @GET
    @Path("{name}")
    public Json.RoleDefinitionBody get(@PathParam("name") String name) {
        return Json.RoleDefinitionBody.of(roles.get(name));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, Json.RoleInputBody body) {
        UsersResource.requireBody(body);
        Roles.Put done = roles.put(actor(), name, body.description(), body.scoped(), body.permissions());
        Json.RoleDefinitionBody role = Json.RoleDefinitionBody.of(done.role());
        if (done.created()) {
            return Response.status(Response.Status.CREATED).header("Location", "/v1/roles/" + name).entity(role).build();
        }
        return Response.ok(role).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        roles.delete(actor(), name);
        return Response.noContent().build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
