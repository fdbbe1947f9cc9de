package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.localdynamodb.LocalDynamo;

/** Users and tokens on the local engine: paging, limits, pruning; each in its own tables. */
class UsersTest {

    private final MovableClock clock = new MovableClock();

    /** Fresh tables so counts and pages are this test's alone. */
    private DynamoWiring freshApp() {
        LocalDynamo dynamo = LocalStore.dynamo();
        String prefix = "t" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        DynamoWiring app = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(Tables.withPrefix(prefix))
                .clock(clock).cursors(Cursors.withSecret("test-only-cursor-key-not-for-production-0123456789")).build();
        app.seedRoles();
        return app;
    }

    private static User create(DynamoWiring app, int i) {
        return app.users().create("usr_test", new NewUser("U", "N" + i, "u" + i + "@example.com",
                LoginOption.NON_INTERACTIVE, List.of(RoleAssignment.of("DEVELOPER"))));
    }

    @Test
    void listDefaultsToFiftyAndPagesPastEmailLockItems() {
        DynamoWiring app = freshApp();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 53; i++) {
            ids.add(create(app, i).id());
        }
        Page<User> first = app.users().list(null, null, null);
        assertEquals(50, first.items().size());
        Page<User> second = app.users().list(null, first.nextCursor(), null);
        assertEquals(3, second.items().size());
        assertNull(second.nextCursor());
        Set<String> seen = new HashSet<>();
        first.items().forEach(u -> seen.add(u.id()));
        second.items().forEach(u -> seen.add(u.id()));
        assertEquals(ids, seen);
    }

    @Test
    void exactlyFullLastPageHasNoCursor() {
        DynamoWiring app = freshApp();
        for (int i = 0; i < 4; i++) {
            create(app, i);
        }
        Page<User> page = app.users().list("4", null, null);
        assertEquals(4, page.items().size());
        assertNull(page.nextCursor());
        Page<User> half = app.users().list("2", null, null);
        Page<User> rest = app.users().list("2", half.nextCursor(), null);
        assertEquals(2, rest.items().size());
        assertNull(rest.nextCursor());
    }

    @Test
    void activeTokensAreCappedAndExpiredOnesArePruned() {
        DynamoWiring app = freshApp();
        User user = create(app, 1);
        for (int i = 0; i < Tokens.MAX_ACTIVE_PER_USER - 1; i++) {
            app.tokens().create("usr_test", user.id(), "t" + i, null, null);
        }
        app.tokens().create("usr_test", user.id(), "short", 1, null);
        RejectedException full = assertThrows(RejectedException.class,
                () -> app.tokens().create("usr_test", user.id(), "one too many", null, null));
        assertEquals(RejectedException.Kind.CONFLICT, full.kind());
        clock.advance(Duration.ofDays(2));
        app.tokens().create("usr_test", user.id(), "replaces the expired one", null, null);
        StoredUser stored = app.users().load(user.id()).orElseThrow();
        assertEquals(Tokens.MAX_ACTIVE_PER_USER, stored.tokens().size(), "expired entry pruned from the index");
        app.users().update("usr_test", user.id(), new UserPatch(null, null, List.of(RoleAssignment.of("DEVELOPER"),
                RoleAssignment.of("WORKSPACE_VIEWER", "ws-1"))));
        app.users().delete("usr_test", user.id());
        assertTrue(app.users().load(user.id()).isEmpty());
    }

    @Test
    void idsThatAreNotOursAreNotFoundWithoutARead() {
        DynamoWiring app = freshApp();
        assertTrue(app.users().load("EMAIL#u1@example.com").isEmpty());
        assertTrue(app.users().load("../etc").isEmpty());
        assertEquals(RejectedException.Kind.NOT_FOUND,
                assertThrows(RejectedException.class, () -> app.users().get("usr_00000000000000000000")).kind());
    }
}
