package dev.userapptokens.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.core.users.UserPatch;

/**
 * Six writers on one user at once (as six admin-function containers would be: the admin test
 * server runs one request at a time, so this goes through core on the local engine): renames,
 * role changes, token creates and revokes. Every change must succeed; a revoke that gave up would leave its
 * token working.
 */
class ContentionTest {

    private static final int WRITERS = 6;
    private static final int ROUNDS = 6;

    private final DynamoWiring app = freshApp();

    /** Tables of its own: moto copies every table a transaction touches, so their size sets its speed. */
    private static DynamoWiring freshApp() {
        var dynamo = LocalStore.dynamo();
        String prefix = "c" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        DynamoWiring app = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(Tables.withPrefix(prefix))
                .clock(Clock.systemUTC()).build();
        app.seedRoles();
        return app;
    }

    @Test
    void sixConcurrentWritersOnOneUserAllSucceedAndEveryRevokeHolds() throws Exception {
        User user = app.users().create("usr_test", new NewUser("Con", "Tention",
                "contention+" + System.nanoTime() + "@example.com", LoginOption.NON_INTERACTIVE,
                List.of(RoleAssignment.of("DEVELOPER"))));
        // Revokers' tokens are issued up front: writers 2, 5 revoke; 0, 3 rename and change roles; 1, 4 create.
        List<List<IssuedToken>> toRevoke = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<IssuedToken> mine = new ArrayList<>();
            for (int r = 0; w % 3 == 2 && r < ROUNDS; r++) {
                mine.add(app.tokens().create("usr_test", user.id(), "r" + w + "-" + r, null, null));
            }
            toRevoke.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        List<IssuedToken> created = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(pool.submit((Callable<List<String>>) () -> {
                    start.await();
                    List<String> failures = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        try {
                            switch (writer % 3) {
                                case 0 -> app.users().update("usr_test", user.id(), r % 2 == 0
                                        ? new UserPatch(null, "W" + writer + "R" + r, null)
                                        : new UserPatch(null, null, List.of(RoleAssignment.of("DEVELOPER"),
                                                RoleAssignment.of("WORKSPACE_VIEWER", "ws-" + writer))));
                                case 1 -> created.add(app.tokens().create("usr_test", user.id(), "c" + writer, null, null));
                                default -> app.tokens().revoke("usr_test", user.id(), toRevoke.get(writer).get(r).info().id());
                            }
                        } catch (RejectedException e) {
                            failures.add("writer " + writer + " round " + r + ": " + e.getMessage());
                        }
                    }
                    return failures;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                failures.addAll(f.get());
            }
            System.out.printf("contention: %d writers x %d changes in %d ms%n", WRITERS, ROUNDS,
                    (System.nanoTime() - began) / 1_000_000);
            assertEquals(List.of(), failures, "every change succeeds under contention");
        } finally {
            pool.shutdownNow();
        }
        for (List<IssuedToken> revoked : toRevoke) {
            for (IssuedToken token : revoked) {
                assertInstanceOf(Verification.Denied.class, app.verifier().verify("Bearer " + token.token()),
                        "a revoked token is refused");
            }
        }
        for (IssuedToken token : created) {
            Verification v = app.verifier().verify("Bearer " + token.token());
            assertInstanceOf(Verification.Authenticated.class, v, "a created token works: " + v);
        }
        assertEquals(created.size(), app.tokens().list(user.id()).size(), "exactly the created tokens are left");
    }
}
