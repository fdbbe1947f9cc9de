package dev.userapptokens.core.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.Services;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;
import dev.userapptokens.core.users.Users;

/**
 * The rules of {@link Roles} (API.md "Custom roles", the roles endpoints) and the holder counts the
 * user changes keep, on in-memory storage; {@link RolesServiceOnDynamoTest} runs them on DynamoDB.
 */
class RolesServiceTest {

    Services services(MovableClock clock) {
        return Services.inMemory(clock);
    }

    private static final String ACTOR = "usr_actor";
    private static final RoleAssignment DEV = RoleAssignment.of("DEVELOPER");
    private static final RoleAssignment READER = RoleAssignment.of("ORDERS_READER");

    private final MovableClock clock = new MovableClock();
    private final Services services = services(clock);
    private final Roles roles = services.roles();
    private final Users users = services.users();

    private Roles.Put reader(String... permissions) {
        return roles.put(ACTOR, "ORDERS_READER", "Reads orders", false, List.of(permissions));
    }

    private User user(RoleAssignment... held) {
        return users.create(ACTOR, new NewUser("Ada", "Lovelace", "ada" + System.nanoTime() + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of(held)));
    }

    private long holders(String name) {
        return services.roleStore().load(name).orElseThrow().holders();
    }

    private List<AuditEvent> events() {
        return services.audit().list("100", null).items();
    }

    private static RejectedException rejection(Runnable call) {
        return assertThrows(RejectedException.class, call::run);
    }

    @Test
    void aRoleIsCreatedThenReplacedAndReadBack() {
        Roles.Put created = reader("GET /v1/orders/**");
        assertTrue(created.created());
        assertEquals(List.of("GET /v1/orders/**"), created.role().permissions().stream().map(Permission::toString).toList());
        assertEquals(created.role(), roles.get("ORDERS_READER"));

        Roles.Put replaced = roles.put(ACTOR, "ORDERS_READER", null, false, List.of("GET /v1/orders/*", "HEAD /v1/orders/*"));
        assertFalse(replaced.created());
        assertEquals("", replaced.role().description(), "an absent description is empty");
        assertEquals(replaced.role(), roles.get("ORDERS_READER"));
        assertEquals(List.of("DEVELOPER", "GLOBAL_USER_ADMIN", "ORDERS_READER", "WORKSPACE_MANAGER", "WORKSPACE_VIEWER"),
                roles.list().stream().map(Role::name).toList(), "by name, built-in and custom");
    }

    @Test
    void eachChangeWritesOneEventNamingTheRole() {
        reader("GET /v1/orders/**");
        clock.advance(java.time.Duration.ofMillis(1)); // events of one millisecond have no order
        reader("GET /v1/orders/*");
        clock.advance(java.time.Duration.ofMillis(1));
        roles.delete(ACTOR, "ORDERS_READER");
        List<AuditEvent> events = events();
        assertEquals(List.of(AuditAction.ROLE_DELETED, AuditAction.ROLE_UPDATED, AuditAction.ROLE_CREATED),
                events.stream().map(AuditEvent::action).toList());
        for (AuditEvent event : events) {
            assertEquals("ORDERS_READER", event.roleName());
            assertEquals(ACTOR, event.actorUserId());
            assertEquals(null, event.targetUserId());
            assertEquals(null, event.tokenId());
        }
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.get("ORDERS_READER")).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEVELOPER", "GLOBAL_USER_ADMIN", "WORKSPACE_MANAGER", "WORKSPACE_VIEWER"})
    void builtInRolesCannotBeReplacedNorDeleted(String name) {
        Role before = roles.get(name);
        assertEquals(RejectedException.Kind.CONFLICT,
                rejection(() -> roles.put(ACTOR, name, "mine now", false, List.of("* /v1/**"))).kind());
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> roles.delete(ACTOR, name)).kind());
        assertEquals(before, roles.get(name));
        assertEquals(List.of(), events());
    }

    @Test
    void invalidDefinitionsAreRefusedAndWriteNothing() {
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> roles.put(ACTOR, "orders_reader", null, false, List.of("GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "OR", null, false, List.of("GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, null, List.of("GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, List.of()));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, null));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, List.of("GET /v1/orders", "GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, List.of("FETCH /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, List.of("GET /v1//orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, true, List.of("GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, List.of("GET /v1/{workspaceId}/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", "x".repeat(501), false, List.of("GET /v1/orders")));
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", "bell\u0007", false, List.of("GET /v1/orders")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("GET /v1/orders/" + i);
        }
        bad.add(() -> roles.put(ACTOR, "ORDERS_READER", null, false, many));
        for (Runnable call : bad) {
            assertEquals(RejectedException.Kind.VALIDATION, rejection(call).kind());
        }
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.get("ORDERS_READER")).kind());
        assertEquals(4, roles.list().size());
        assertEquals(List.of(), events());
    }

    @Test
    void unknownRolesAreNotFound() {
        for (String name : new String[] {"ORDERS_READER", "orders", "", "X".repeat(65)}) {
            assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.get(name)).kind());
            assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.delete(ACTOR, name)).kind());
        }
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.get(null)).kind());
    }

    @Test
    void aCustomRoleIsAssignableAtOnceAndCountedByEveryUserChange() {
        reader("GET /v1/orders/**");
        assertEquals(0, holders("ORDERS_READER"));
        User first = user(DEV, READER);
        User second = user(DEV, READER);
        assertEquals(2, holders("ORDERS_READER"));
        users.update(ACTOR, first.id(), new UserPatch("Grace", null, null));
        assertEquals(2, holders("ORDERS_READER"), "a rename does not count");
        users.update(ACTOR, first.id(), new UserPatch(null, null, List.of(READER, DEV)));
        assertEquals(2, holders("ORDERS_READER"), "kept is kept");
        users.update(ACTOR, first.id(), new UserPatch(null, null, List.of(DEV)));
        assertEquals(1, holders("ORDERS_READER"));
        users.update(ACTOR, first.id(), new UserPatch(null, null, List.of(DEV, READER)));
        assertEquals(2, holders("ORDERS_READER"));
        users.delete(ACTOR, second.id());
        assertEquals(1, holders("ORDERS_READER"));
        reader("GET /v1/orders/*");
        assertEquals(1, holders("ORDERS_READER"), "a replace keeps the count");
    }

    @Test
    void aHeldRoleCannotBeDeletedNorChangeScopedUntilNobodyHoldsIt() {
        reader("GET /v1/orders/**");
        User holder = user(DEV, READER);
        int eventsBefore = events().size();
        RejectedException delete = rejection(() -> roles.delete(ACTOR, "ORDERS_READER"));
        assertEquals(RejectedException.Kind.CONFLICT, delete.kind());
        assertTrue(delete.getMessage().contains("1 user"), delete.getMessage());
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> roles.put(ACTOR, "ORDERS_READER", null, true,
                List.of("GET /v1/workspaces/{workspaceId}/orders/**"))).kind());
        assertEquals(eventsBefore, events().size());
        assertFalse(roles.get("ORDERS_READER").scoped());

        // Its permissions may change while it is held.
        reader("GET /v1/orders/*");
        users.update(ACTOR, holder.id(), new UserPatch(null, null, List.of(DEV)));
        Roles.Put scoped = roles.put(ACTOR, "ORDERS_READER", null, true, List.of("GET /v1/workspaces/{workspaceId}/orders/**"));
        assertTrue(scoped.role().scoped());
        roles.delete(ACTOR, "ORDERS_READER");
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> roles.get("ORDERS_READER")).kind());
    }

    @Test
    void aScopedCustomRoleTakesWorkspacesLikeABuiltInOne() {
        roles.put(ACTOR, "ORDERS_CLERK", null, true, List.of("* /v1/workspaces/{workspaceId}/orders/**"));
        User clerk = user(DEV, RoleAssignment.of("ORDERS_CLERK", "ws-1", "ws-2"));
        assertEquals(List.of(DEV, RoleAssignment.of("ORDERS_CLERK", "ws-1", "ws-2")), users.get(clerk.id()).roles());
        assertEquals(1, holders("ORDERS_CLERK"));
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> user(DEV, RoleAssignment.of("ORDERS_CLERK"))).kind());
        assertEquals(1, holders("ORDERS_CLERK"), "a refused user is not counted");
    }

    @Test
    void aDeletedRoleIsUnknownToTheNextAssignment() {
        reader("GET /v1/orders/**");
        roles.delete(ACTOR, "ORDERS_READER");
        RejectedException unknown = rejection(() -> user(DEV, READER));
        assertEquals(RejectedException.Kind.VALIDATION, unknown.kind());
        assertEquals("roles: unknown role 'ORDERS_READER'", unknown.getMessage());
    }

    @Test
    void aRoleRecreatedAfterDeletionStartsAgain() {
        reader("GET /v1/orders/**");
        roles.delete(ACTOR, "ORDERS_READER");
        assertTrue(reader("GET /v1/invoices/**").created());
        assertEquals(0, holders("ORDERS_READER"));
        user(DEV, READER);
        assertEquals(1, holders("ORDERS_READER"));
    }
}
