package dev.userapptokens.admin.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.userapptokens.core.Page;
import dev.userapptokens.admin.security.RoutePermissions;
import dev.userapptokens.core.audit.AuditLog;
import io.quarkus.security.PermissionsAllowed;
import dev.userapptokens.core.audit.AuditEvent;

@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RoutePermissions.ROUTE)
public class AuditResource {

    @Inject
    AuditLog audit;

    @GET
    public Json.PagedItems<Json.AuditEventBody> list(@QueryParam("limit") String limit,
                                                     @QueryParam("cursor") String cursor) {
        Page<AuditEvent> page = audit.list(limit, cursor);
        return new Json.PagedItems<>(page.items().stream().map(Json.AuditEventBody::of).toList(), page.nextCursor());
    }
}
