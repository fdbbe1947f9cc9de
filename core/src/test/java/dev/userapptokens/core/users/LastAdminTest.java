package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.localdynamodb.LocalDynamo;

/** API.md: no change may leave no NON_INTERACTIVE user holding both DEVELOPER and GLOBAL_USER_ADMIN. */
class LastAdminTest {

    private static final List<RoleAssignment> ADMIN = List.of(RoleAssignment.of("DEVELOPER"),
            RoleAssignment.of("GLOBAL_USER_ADMIN"));
    private static final UserPatch DEMOTE = new UserPatch(null, null, List.of(RoleAssignment.of("DEVELOPER")));

    private Tables tables;

    private DynamoWiring freshApp() {
        LocalDynamo dynamo = LocalStore.dynamo();
        String prefix = "a" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        tables = Tables.withPrefix(prefix);
        DynamoWiring app = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(tables).clock(Clock.systemUTC()).build();
        app.seedRoles();
        return app;
    }

    private static User create(DynamoWiring app, String name, LoginOption login, List<RoleAssignment> roles) {
        return app.users().create("usr_test", new NewUser(name, "Admin", name + System.nanoTime() + "@example.com",
                login, roles));
    }

    private static void assertLastAdmin(Runnable change) {
        RejectedException e = assertThrows(RejectedException.class, change::run);
        assertEquals(RejectedException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("GLOBAL_USER_ADMIN"), e.getMessage());
    }

    @Test
    void theLastAdminCanNeitherBeDemotedNorDeleted() {
        DynamoWiring app = freshApp();
        User only = create(app, "Only", LoginOption.NON_INTERACTIVE, ADMIN);
        // Holding the roles as an INTERACTIVE user does not count.
        create(app, "Interactive", LoginOption.INTERACTIVE, ADMIN);
        assertLastAdmin(() -> app.users().update(only.id(), only.id(), DEMOTE));
        assertLastAdmin(() -> app.users().update(only.id(), only.id(),
                new UserPatch(null, null, List.of(RoleAssignment.of("GLOBAL_USER_ADMIN")))));
        assertLastAdmin(() -> app.users().delete(only.id(), only.id()));
        assertEquals(ADMIN, app.users().get(only.id()).roles(), "nothing written");
        // Renaming it, or keeping its roles, is no demotion.
        app.users().update(only.id(), only.id(), new UserPatch("Still", null, ADMIN));

        User second = create(app, "Second", LoginOption.NON_INTERACTIVE, ADMIN);
        app.users().update(second.id(), only.id(), DEMOTE);
        assertLastAdmin(() -> app.users().delete(second.id(), second.id()));
        app.users().update(second.id(), only.id(), new UserPatch(null, null, ADMIN)); // promoted again
        app.users().delete(only.id(), only.id());
        assertLastAdmin(() -> app.users().update(second.id(), second.id(), DEMOTE));
    }

    @Test
    void tablesWrittenBeforeTheGuardGetItFromAScan() {
        DynamoWiring app = freshApp();
        User a = create(app, "A", LoginOption.NON_INTERACTIVE, ADMIN);
        User b = create(app, "B", LoginOption.NON_INTERACTIVE, ADMIN);
        // As tables written by an earlier version: no guard item.
        LocalStore.dynamo().client().deleteItem(d -> d.tableName(tables.users())
                .key(Transactions.key("id", AdminGuard.ID)));
        app.users().update(a.id(), a.id(), DEMOTE);
        assertLastAdmin(() -> app.users().delete(b.id(), b.id()));
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceCannotBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            DynamoWiring app = freshApp();
            User a = create(app, "A", LoginOption.NON_INTERACTIVE, ADMIN);
            User b = create(app, "B", LoginOption.NON_INTERACTIVE, ADMIN);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            try {
                for (String[] pair : List.of(new String[] {a.id(), b.id()}, new String[] {b.id(), a.id()})) {
                    outcomes.add(pool.submit((Callable<String>) () -> {
                        start.await();
                        try {
                            app.users().update(pair[0], pair[1], DEMOTE);
                            return "demoted";
                        } catch (RejectedException e) {
                            return e.kind().name();
                        }
                    }));
                }
                start.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    results.add(f.get());
                }
                results.sort(null);
                assertEquals(List.of("CONFLICT", "demoted"), results);
            } finally {
                pool.shutdownNow();
            }
            long admins = List.of(a.id(), b.id()).stream().map(app.users()::get).filter(AdminGuard::isAdmin).count();
            assertEquals(1, admins, "exactly one admin is left");
        }
    }
}
