package dev.userapptokens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.localdynamodb.LocalDynamo;

/** The bootstrap command against the local engine: exit codes, output, idempotence, refusal. */
class BootstrapCommandTest {

    private static LocalDynamo dynamo;

    @BeforeAll
    static void start() {
        dynamo = LocalDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A fresh set of tables, created by the command itself. */
    private static String freshPrefix() {
        String prefix = "boot-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Run created = run("create-tables", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix);
        assertEquals(0, created.exit(), created.err());
        return prefix;
    }

    private static DynamoWiring app(String prefix) {
        return DynamoWiring.builder().dynamoDb(dynamo.client()).tables(Tables.withPrefix(prefix)).build();
    }

    private static int count(String table) {
        return dynamo.client().scan(s -> s.tableName(table)).count();
    }

    @Test
    void createsAnAdminWhoseTokenAuthenticatesAsGlobalUserAdmin(@TempDir Path dir) throws Exception {
        String prefix = freshPrefix();
        Path tokenFile = dir.resolve("state/admin.token");
        Run run = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--email", "root@example.com", "--token-file", tokenFile.toString());
        assertEquals(0, run.exit(), run.err());
        String token = run.out().strip();
        assertTrue(TokenFormat.isWellFormed(token), "stdout is the token alone: " + run.out());
        assertFalse(run.err().contains(token), "the token is printed once");
        assertEquals(token, Files.readString(tokenFile).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));

        DynamoWiring app = app(prefix);
        var principal = assertInstanceOf(Verification.Authenticated.class, app.verifier().verify("Bearer " + token))
                .principal();
        assertTrue(principal.hasRole("GLOBAL_USER_ADMIN"));
        assertTrue(principal.hasRole("DEVELOPER"));
        assertTrue(app.accessPolicy().allows(principal, "POST", "/v1/users"));
        assertEquals(4, app.roles().all().size(), "roles seeded");
    }

    /**
     * A token file that cannot be written fails the command before anything is created: it used to
     * create the admin first and then fail, so its token was never shown and the next run refused.
     */
    @Test
    void anUnwritableTokenFileCreatesNoAdmin(@TempDir Path dir) throws Exception {
        String prefix = freshPrefix();
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Run failed = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--token-file", notADirectory.resolve("admin.token").toString());
        assertEquals(1, failed.exit(), failed.err());
        assertTrue(failed.err().contains("cannot write"), failed.err());
        assertEquals("", failed.out());
        assertTrue(app(prefix).users().anyWithRole("GLOBAL_USER_ADMIN").isEmpty(), "an admin was created");
        assertEquals(0, count(prefix + "tokens"));
        assertEquals(0, run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix).exit());
    }

    @Test
    void aRefusedSecondRunKeepsTheFirstAdminsTokenFile(@TempDir Path dir) throws Exception {
        String prefix = freshPrefix();
        Path tokenFile = dir.resolve("secrets/admin.token");
        assertEquals(0, run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--token-file", tokenFile.toString()).exit());
        String first = Files.readString(tokenFile);
        assertEquals(48, first.trim().length());
        Run second = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--token-file", tokenFile.toString());
        assertEquals(3, second.exit(), second.err());
        assertTrue(first.equals(Files.readString(tokenFile)), "the refused run erased the saved token"); // never printed
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        try (var left = Files.list(tokenFile.getParent())) {
            assertEquals(List.of(tokenFile), left.toList(), "no pending file is left");
        }
    }

    @Test
    void refusesASecondRunAndWritesNothing() {
        String prefix = freshPrefix();
        String endpoint = dynamo.endpoint().toString();
        assertEquals(0, run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix).exit());
        Tables tables = Tables.withPrefix(prefix);
        List<Integer> before = List.of(count(tables.users()), count(tables.tokens()), count(tables.audit()));
        Run second = run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix, "--email", "other@example.com");
        assertEquals(3, second.exit());
        assertEquals("", second.out());
        assertTrue(second.err().contains("already exists"), second.err());
        assertEquals(before, List.of(count(tables.users()), count(tables.tokens()), count(tables.audit())));
    }

    @Test
    void forceCreatesAnotherAdmin() {
        String prefix = freshPrefix();
        String endpoint = dynamo.endpoint().toString();
        assertEquals(0, run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix).exit());
        Run forced = run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix,
                "--email", "second@example.com", "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(2, count(Tables.withPrefix(prefix).users()) / 2, "two users, each with its email lock");
    }

    @Test
    void sameEmailTwiceIsRefusedEvenWithForce() {
        String prefix = freshPrefix();
        String endpoint = dynamo.endpoint().toString();
        assertEquals(0, run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix).exit());
        Run again = run("bootstrap", "--endpoint", endpoint, "--table-prefix", prefix, "--force");
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("email"), again.err());
    }

    @Test
    void badEmailIsAUsageError() {
        String prefix = freshPrefix();
        Run run = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--email", "not-an-email");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("email"), run.err());
        assertEquals(0, count(Tables.withPrefix(prefix).users()));
    }

    @Test
    void usageErrors() {
        List<Run> runs = new ArrayList<>();
        runs.add(run());
        runs.add(run("launch"));
        runs.add(run("bootstrap", "--bogus"));
        runs.add(run("bootstrap", "--email"));
        runs.add(run("bootstrap", "--endpoint", "http://127.0.0.1:1"));
        runs.add(run("bootstrap", "--users-table", "u"));
        runs.add(run("create-tables", "--table-prefix", "x-"));
        for (Run run : runs) {
            assertEquals(2, run.exit(), run.err());
            assertEquals("", run.out());
        }
    }

    @Test
    void unreachableStorageIsAFailureNotAHang() {
        Run run = run("bootstrap", "--endpoint", "http://127.0.0.1:1", "--table-prefix", "none-");
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void tokenPermissionsNarrowTheFirstToken() {
        String prefix = freshPrefix();
        Run run = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", prefix,
                "--token-permissions", "GET /v1/me, GET /v1/users/**");
        assertEquals(0, run.exit(), run.err());
        Verification verified = app(prefix).verifier().verify("Bearer " + run.out().strip());
        Verification.Authenticated admin = assertInstanceOf(Verification.Authenticated.class, verified);
        assertEquals(List.of("GET /v1/me", "GET /v1/users/**"),
                admin.principal().tokenPermissions().stream().map(Object::toString).toList());
        assertTrue(app(prefix).accessPolicy().allows(admin.principal(), "GET", "/v1/users"));
        assertFalse(app(prefix).accessPolicy().allows(admin.principal(), "POST", "/v1/users"));

        String other = freshPrefix();
        Run refused = run("bootstrap", "--endpoint", dynamo.endpoint().toString(), "--table-prefix", other,
                "--token-permissions", "GET v1/me");
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("permissions"), refused.err());
        assertEquals(0, count(Tables.withPrefix(other).users()), "nothing written");
        assertEquals(0, count(Tables.withPrefix(other).roles()), "not even the roles");
    }
}
