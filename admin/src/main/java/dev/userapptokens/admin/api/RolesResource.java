package dev.userapptokens.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.roles.BuiltInRoles;

@Path("/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(BuiltInRoles.GLOBAL_USER_ADMIN)
public class RolesResource {

    @Inject
    UserAppTokens app;

    @GET
    public Json.Items<Json.RoleDefinitionBody> list() {
        return new Json.Items<>(app.roles().all().stream().map(Json.RoleDefinitionBody::of).toList());
    }
}
