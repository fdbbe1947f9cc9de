package dev.userapptokens.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.userapptokens.cli.Main;
import dev.userapptokens.core.auth.Verification;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local DynamoDB engine for the admin tests: the template's tables, and the roles and first
 * Global User Admin made by the bootstrap command; the tests act with that admin's token. The function under test gets the engine's
 * endpoint and table names as configuration, as it would get them from the SAM template.
 */
public class LocalDynamoResource implements QuarkusTestResourceLifecycleManager {

    private static LocalDynamo dynamo;
    private static DynamoWiring app;
    private static String adminToken;
    private static String adminId;
    private static int lastExit;

    @Override
    public Map<String, String> start() {
        dynamo = LocalDynamo.start();
        Tables tables = Tables.withPrefix(dynamo.prefix());
        app = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(tables).build();
        // The first admin comes from the real bootstrap command, as an operator would make it.
        adminToken = bootstrap().strip();
        adminId = ((Verification.Authenticated) app.verifier().verify("Bearer " + adminToken)).principal().userId();
        return Map.of(
                "quarkus.dynamodb.endpoint-override", dynamo.endpoint().toString(),
                Tables.USERS_ENV, tables.users(),
                Tables.ROLES_ENV, tables.roles(),
                Tables.TOKENS_ENV, tables.tokens(),
                Tables.AUDIT_ENV, tables.audit());
    }

    /** Runs {@code uat-cli bootstrap} against the test tables; returns its standard output. */
    public static String bootstrap(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("bootstrap", "--endpoint", dynamo.endpoint().toString(),
                "--table-prefix", dynamo.prefix(), "--email", "admin@example.com"));
        args.addAll(List.of(extra));
        int exit = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, Map.of());
        lastExit = exit;
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The exit code of the last {@link #bootstrap} run. */
    public static int lastExit() {
        return lastExit;
    }

    @Override
    public void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** Core over the same tables, for arranging and for checking what was written. */
    public static DynamoWiring app() {
        return app;
    }

    public static LocalDynamo dynamo() {
        return dynamo;
    }

    public static Tables tables() {
        return Tables.withPrefix(dynamo.prefix());
    }

    public static String adminToken() {
        return adminToken;
    }

    public static String adminId() {
        return adminId;
    }
}
