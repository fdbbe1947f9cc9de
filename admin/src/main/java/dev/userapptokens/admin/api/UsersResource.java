package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.users.Users;
import io.quarkus.security.PermissionsAllowed;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;
import io.quarkus.security.identity.SecurityIdentity;

/** Users and their tokens. Bind, call core, map: the rules are core's. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class UsersResource {

    @Inject
    Users users;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The user") // a Response: the document cannot see its status
    public Response create(Json.NewUserBody body) {
        requireBody(body);
        User user = users.create(actor(), new NewUser(body.firstName(), body.lastName(), body.email(),
                body.loginOption(), Json.RoleBody.toCore(body.roles())));
        return Response.status(Response.Status.CREATED).header("Location", "/v1/users/" + user.id())
                .entity(Json.UserBody.of(user)).build();
    }

    @GET
    public Json.PagedItems<Json.UserBody> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                               @QueryParam("loginOption") String loginOption) {
        Page<User> page = users.list(limit, cursor, loginOption);
        return new Json.PagedItems<>(page.items().stream().map(Json.UserBody::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public Json.UserBody get(@PathParam("id") String id) {
        return Json.UserBody.of(users.get(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Json.UserBody update(@PathParam("id") String id, Json.UserPatchBody body) {
        requireBody(body);
        return Json.UserBody.of(users.update(actor(), id,
                new UserPatch(body.firstName(), body.lastName(), Json.RoleBody.toCore(body.roles()))));
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        users.delete(actor(), id);
        return Response.noContent().build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw RejectedException.invalid("body", "a JSON object is required");
        }
    }
}
