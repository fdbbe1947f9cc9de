package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.roles.RoleRules;
import dev.userapptokens.core.roles.StoredRole;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Custom roles (API.md "Custom roles") through the HTTP API handler: a role of the platform's own
 * API grants exactly its routes, and a change of its definition, written to the roles table by
 * core's role store as another function would write it (this function's catalog is not told),
 * takes effect within the catalog's bound ({@link RoleCatalog#REFRESH}, 10 s), measured on the
 * function's clock.
 */
@QuarkusTest
@TestProfile(HttpApiProfile.class)
class CustomRolesTest {

    private static final AtomicLong SEQ = new AtomicLong();
    private static final RoleAssignment DEV = RoleAssignment.of("DEVELOPER");

    @Inject
    DynamoWiring app;

    @Inject
    TestClock clock;

    private boolean allowed(String route, Users.Holder who) {
        String[] r = route.split(" ", 2);
        return Lambda.invokeJson(TestEvents.http(r[0], r[1], who.bearer()).toString()).path("isAuthorized").asBoolean(false);
    }

    private void assertRoutes(Users.Holder who, List<String> allowed, List<String> denied) {
        List<String> wrong = new ArrayList<>();
        allowed.stream().filter(route -> !allowed(route, who)).forEach(route -> wrong.add("denied: " + route));
        denied.stream().filter(route -> allowed(route, who)).forEach(route -> wrong.add("allowed: " + route));
        assertEquals(List.of(), wrong);
    }

    /** Writes the role straight to the roles table (a create or a replace), as the admin function would. */
    private void write(String name, boolean scoped, String... permissions) {
        StoredRole before = app.roleStore().load(name).orElse(null);
        app.roleStore().put(before, RoleRules.definition(name, null, scoped, List.of(permissions)),
                AuditEvent.ofRole(clock.instant(), Users.ADMIN,
                        before == null ? AuditAction.ROLE_CREATED : AuditAction.ROLE_UPDATED, name));
    }

    /** Past the bound: whatever copy of the roles the function held, it reads them again. */
    private void pastTheBound() {
        clock.advance(RoleCatalog.REFRESH.plusMillis(1));
    }

    @Test
    void aCustomRoleGrantsExactlyItsRoutes() {
        String name = "ORDERS_READER_" + SEQ.incrementAndGet();
        write(name, false, "GET /v1/orders/**");
        Users.Holder reader = Users.holder(app, DEV, RoleAssignment.of(name));
        pastTheBound();
        assertRoutes(reader, List.of("GET /v1/orders/1", "GET /v1/orders", "GET /v1/orders/1/lines/2", "GET /v1/me"),
                List.of("POST /v1/orders/1", "DELETE /v1/orders/1", "PUT /v1/orders", "GET /v1/ordersx",
                        "GET /v1/orders/../users", "GET /v1/orders/%2e%2e/users", "GET /v2/orders/1", "GET /x/v1/orders/1",
                        // path parameters: Tomcat, Jetty and Spring serve /v1/orders/..;/users as /v1/users
                        "GET /v1/orders/..;/users", "GET /v1/orders/1/..;x/..;/users", "GET /v1/orders/.;/1",
                        "GET /v1/orders/;x/1", "GET /v1/orders/1;jsessionid=x",
                        "GET /v1/users", "GET /v1/roles", "GET /v1/workspaces/ws-1"));

        // Without DEVELOPER the custom role grants nothing, like every role.
        Users.Holder noDeveloper = Users.holder(app, RoleAssignment.of(name));
        assertRoutes(noDeveloper, List.of(), List.of("GET /v1/orders/1", "GET /v1/me"));
    }

    @Test
    void aTokenNarrowedToReadingCannotWriteWhatItsOwnerCan() {
        String name = "ORDERS_ADMIN_" + SEQ.incrementAndGet();
        write(name, false, "* /v1/orders/**");
        User owner = Users.create(app, DEV, RoleAssignment.of(name));
        Users.Holder full = new Users.Holder(owner, Users.token(app, owner));
        Users.Holder reader = new Users.Holder(owner,
                app.tokens().create(Users.ADMIN, owner.id(), "reader", null, null, List.of("GET /v1/orders/*")));
        pastTheBound();
        assertRoutes(full, List.of("POST /v1/orders/1", "DELETE /v1/orders/1", "GET /v1/orders/1/lines", "OPTIONS /v1/orders"),
                // '*' is the grammar's seven methods, not any word of a request line
                List.of("TRACE /v1/orders/1", "CONNECT /v1/orders/1", "PROPFIND /v1/orders/1"));
        assertRoutes(reader, List.of("GET /v1/orders/1"), List.of(
                "POST /v1/orders/1", "DELETE /v1/orders/1", "PUT /v1/orders/1", "GET /v1/orders/1/lines",
                "GET /v1/orders", "GET /v1/me",
                // no path trick widens the list
                "GET /v1/orders/1/../../users", "GET /v1/orders/..", "GET /v1/orders/%2e%2e", "GET /v1/orders//1",
                "GET /v1/orders/1%2f2", "GET /v1/orders/a\\b", "GET /v1/orders/./1",
                "get /v1/orders/1/lines", "GET /v1/Orders/1"));
    }

    @Test
    void aScopedCustomRoleGrantsOnlyTheUsersWorkspaces() {
        String name = "ORDERS_CLERK_" + SEQ.incrementAndGet();
        write(name, true, "* /v1/workspaces/{workspaceId}/orders/**", "GET /v1/workspaces/{workspaceId}");
        Users.Holder clerk = Users.holder(app, DEV, RoleAssignment.of(name, "ws-1", "ws-2"));
        pastTheBound();
        assertRoutes(clerk, List.of("POST /v1/workspaces/ws-1/orders", "DELETE /v1/workspaces/ws-2/orders/7",
                        "GET /v1/workspaces/ws-1"),
                List.of("POST /v1/workspaces/ws-3/orders", "GET /v1/workspaces/ws-3", "POST /v1/workspaces/ws-1",
                        "GET /v1/workspaces/ws-1/items", "GET /v1/workspaces/ws-10/orders"));
    }

    @Test
    void aDefinitionChangeIsSeenWithinTheBoundAndAnAssignmentChangeAtOnce() {
        String name = "ORDERS_READER_" + SEQ.incrementAndGet();
        write(name, false, "GET /v1/orders/**");
        Users.Holder reader = Users.holder(app, DEV, RoleAssignment.of(name));
        pastTheBound();
        assertTrue(allowed("GET /v1/orders/1", reader));

        // The permission is replaced: the copy in hand may still be served, but not past the bound.
        write(name, false, "GET /v1/invoices/**");
        assertTrue(allowed("GET /v1/orders/1", reader), "served from the copy (this proves the bound is what is tested)");
        clock.advance(RoleCatalog.REFRESH.dividedBy(2).plusMillis(1));
        allowed("GET /v1/orders/1", reader); // past half the bound: a reload starts, the copy still answers
        clock.advance(RoleCatalog.REFRESH.dividedBy(2));
        assertRoutes(reader, List.of("GET /v1/invoices/1"), List.of("GET /v1/orders/1"));

        // An assignment change takes effect on the very next request, no bound.
        app.users().update(Users.ADMIN, reader.user().id(), new UserPatch(null, null, List.of(DEV)));
        assertRoutes(reader, List.of("GET /v1/me"), List.of("GET /v1/invoices/1"));

        // Nobody holds it any more: it can go, and past the bound it grants nothing to anyone.
        app.roleDefinitions().delete(Users.ADMIN, name);
        assertEquals(Duration.ofSeconds(10), RoleCatalog.REFRESH, "API.md: within 10 seconds");
    }
}
