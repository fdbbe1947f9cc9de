package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.admin.security.AppTokenIdentityProvider;
import dev.userapptokens.admin.security.RoutePermissions;
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
    SecurityIdentity identity;

    @GET
    public Json.MeBody me() {
        Principal principal = identity.getAttribute(AppTokenIdentityProvider.PRINCIPAL);
        User user = users.get(principal.userId());
        return new Json.MeBody(user.id(), user.email(), user.firstName(), user.lastName(),
                principal.roles().stream().map(Json.RoleBody::of).toList(), principal.tokenId());
    }
}
