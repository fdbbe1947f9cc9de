package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.roles.RoleCatalog;
import io.quarkus.security.PermissionsAllowed;

@Path("/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class RolesResource {

    @Inject
    RoleCatalog roles;

    @GET
    public Json.Items<Json.RoleDefinitionBody> list() {
        return new Json.Items<>(roles.all().stream().map(Json.RoleDefinitionBody::of).toList());
    }
}
