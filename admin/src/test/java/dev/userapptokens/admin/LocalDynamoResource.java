package dev.userapptokens.admin;

import java.util.List;
import java.util.Map;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.NewUser;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.User;
import dev.userapptokens.localdynamodb.LocalDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local DynamoDB engine for the admin tests: the template's tables, the seeded roles and a
 * first Global User Admin, whose token the tests use. The function under test gets the engine's
 * endpoint and table names as configuration, as it would get them from the SAM template.
 */
public class LocalDynamoResource implements QuarkusTestResourceLifecycleManager {

    private static LocalDynamo dynamo;
    private static UserAppTokens app;
    private static String adminToken;
    private static String adminId;

    @Override
    public Map<String, String> start() {
        dynamo = LocalDynamo.start();
        Tables tables = Tables.withPrefix(dynamo.prefix());
        app = UserAppTokens.builder().dynamoDb(dynamo.client()).tables(tables).build();
        app.seedRoles();
        User admin = app.users().create("bootstrap", new NewUser("First", "Admin", "admin@example.com",
                LoginOption.NON_INTERACTIVE,
                List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"))));
        adminId = admin.id();
        adminToken = app.tokens().create("bootstrap", admin.id(), "tests", null, null).token();
        return Map.of(
                "uat.dynamodb.endpoint", dynamo.endpoint().toString(),
                "uat.tables.users", tables.users(),
                "uat.tables.roles", tables.roles(),
                "uat.tables.tokens", tables.tokens(),
                "uat.tables.audit", tables.audit());
    }

    @Override
    public void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    /** Core over the same tables, for arranging and for checking what was written. */
    public static UserAppTokens app() {
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
