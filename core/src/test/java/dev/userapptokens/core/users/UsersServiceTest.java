package dev.userapptokens.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.userapptokens.core.Ids;
import dev.userapptokens.core.Services;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.Page;
import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.tokens.IssuedToken;
import dev.userapptokens.core.tokens.Tokens;

/** The user rules of {@link Users} on in-memory storage: plain JUnit, no engine. */
class UsersServiceTest {

    /** What the tests run on; {@link UsersServiceOnDynamoTest} runs them on DynamoDB. */
    Services services(MovableClock clock) {
        return Services.inMemory(clock);
    }

    private static final RoleAssignment DEV = RoleAssignment.of("DEVELOPER");
    private static final RoleAssignment ADMIN = RoleAssignment.of("GLOBAL_USER_ADMIN");

    private final MovableClock clock = new MovableClock();
    private final Services services = services(clock);
    private final Users users = services.users();
    private final Tokens tokens = services.tokens();

    private User create(String email, LoginOption login, RoleAssignment... roles) {
        return users.create("usr_actor", new NewUser("Ada", "Lovelace", email, login, List.of(roles)));
    }

    private static RejectedException.Kind rejection(Runnable call) {
        return assertThrows(RejectedException.class, call::run).kind();
    }

    @Test
    void aCreatedUserIsReadBackAsCreated() {
        User user = users.create("usr_actor", new NewUser(" Ada ", "Lovelace", "Ada@Example.com", null, List.of(DEV)));
        assertTrue(Ids.isId(Ids.USER_PREFIX, user.id()));
        assertEquals(LoginOption.NON_INTERACTIVE, user.loginOption(), "the default");
        assertEquals("usr_actor", user.createdBy());
        assertEquals(user, users.get(user.id()));
        assertEquals(List.of(AuditAction.USER_CREATED),
                services.audit().list(null, null).items().stream().map(e -> e.action()).toList());
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
            "ada@example.com, ada@example.com",
            "ada@example.com, ADA@example.COM", // emails are unique case-insensitively
    })
    void aTakenEmailIsAConflict(String first, String second) {
        create(first, LoginOption.NON_INTERACTIVE, DEV);
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> create(second, LoginOption.INTERACTIVE)));
        assertEquals(1, users.list(null, null, null).items().size());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(nullValues = "NULL", value = {"NULL", "''", "usr_", "usr_00000000000000000000", "tok_00000000000000000000"})
    void unknownIdsAreNotFound(String id) {
        create("ada@example.com", LoginOption.NON_INTERACTIVE, DEV);
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> users.get(id)));
        assertEquals(RejectedException.Kind.NOT_FOUND, rejection(() -> users.delete("usr_actor", id)));
        assertEquals(RejectedException.Kind.NOT_FOUND,
                rejection(() -> users.update("usr_actor", id, new UserPatch("New", null, null))));
    }

    @Test
    void anEmptyPatchIsInvalidAndAnUnknownRoleToo() {
        User user = create("ada@example.com", LoginOption.NON_INTERACTIVE, DEV);
        assertEquals(RejectedException.Kind.VALIDATION,
                rejection(() -> users.update("usr_actor", user.id(), new UserPatch(null, null, null))));
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> users.update("usr_actor", user.id(),
                new UserPatch(null, null, List.of(RoleAssignment.of("NO_SUCH_ROLE"))))));
        assertEquals(user, users.get(user.id()), "unchanged");
    }

    @Test
    void aPatchChangesOnlyWhatItNames() {
        User user = create("ada@example.com", LoginOption.NON_INTERACTIVE, DEV);
        User renamed = users.update("usr_actor", user.id(), new UserPatch(null, "Byron", null));
        assertEquals("Ada", renamed.firstName());
        assertEquals("Byron", renamed.lastName());
        assertEquals(user.roles(), renamed.roles());
        assertEquals(renamed, users.get(user.id()));
    }

    @Test
    void aChangeOfRolesReachesTheTokensAtOnce() {
        User user = create("ada@example.com", LoginOption.NON_INTERACTIVE, DEV);
        IssuedToken issued = tokens.create("usr_actor", user.id(), "ci", null, null);
        Verifier verifier = services.verifier();
        users.update("usr_actor", user.id(), new UserPatch(null, null, List.of(DEV, RoleAssignment.of(
                "WORKSPACE_VIEWER", "ws-1"))));
        Verification.Authenticated now = (Verification.Authenticated) verifier.verify("Bearer " + issued.token());
        assertEquals("DEVELOPER,WORKSPACE_VIEWER:ws-1", RoleAssignment.compact(now.principal().roles()));
        users.delete("usr_actor", user.id());
        assertTrue(verifier.verify("Bearer " + issued.token()) instanceof Verification.Denied, "deleted with its user");
    }

    @Test
    void theLastGlobalUserAdminCannotBeDemotedNorDeleted() {
        User admin = create("admin@example.com", LoginOption.NON_INTERACTIVE, DEV, ADMIN);
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> users.delete("usr_actor", admin.id())));
        assertEquals(RejectedException.Kind.CONFLICT,
                rejection(() -> users.update("usr_actor", admin.id(), new UserPatch(null, null, List.of(DEV)))));
        // An INTERACTIVE user holding both roles is not an admin (API.md): it does not count.
        create("interactive@example.com", LoginOption.INTERACTIVE, DEV, ADMIN);
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> users.delete("usr_actor", admin.id())));
        User second = create("second@example.com", LoginOption.NON_INTERACTIVE, DEV, ADMIN);
        users.delete("usr_actor", admin.id());
        assertEquals(RejectedException.Kind.CONFLICT, rejection(() -> users.delete("usr_actor", second.id())));
    }

    @Test
    void listingPagesThroughEveryUserOnceAndFilters() {
        for (int i = 0; i < 7; i++) {
            create("u" + i + "@example.com", i % 2 == 0 ? LoginOption.NON_INTERACTIVE : LoginOption.INTERACTIVE, DEV);
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<User> page = users.list("3", cursor, null);
            page.items().forEach(u -> seen.add(u.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(7, seen.size());
        assertEquals(7, seen.stream().distinct().count());
        assertEquals(3, users.list(null, null, "INTERACTIVE").items().size());
        assertEquals(RejectedException.Kind.VALIDATION, rejection(() -> users.list("0", null, null)));
    }
}
