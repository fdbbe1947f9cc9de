package dev.userapptokens.authorizer;

import java.util.Map;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One local DynamoDB engine (moto) for every test profile that shares it, started once per JVM
 * with the template's tables and the seeded roles, stopped when the JVM exits.
 */
public class LocalDynamoResource implements QuarkusTestResourceLifecycleManager {

    private static LocalDynamo shared;

    static synchronized LocalDynamo shared() {
        if (shared == null) {
            shared = LocalDynamo.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            DynamoWiring.builder().dynamoDb(shared.client()).tables(Tables.withPrefix(shared.prefix())).build()
                    .seedRoles();
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return config(shared());
    }

    @Override
    public void stop() {
        // shared across profiles; closed by the shutdown hook
    }

    /** The configuration that points the function at {@code local}. */
    static Map<String, String> config(LocalDynamo local) {
        Tables tables = Tables.withPrefix(local.prefix());
        return Map.of(
                "quarkus.dynamodb.endpoint-override", local.endpoint().toString(),
                Tables.USERS_ENV, tables.users(),
                Tables.ROLES_ENV, tables.roles(),
                Tables.TOKENS_ENV, tables.tokens(),
                Tables.AUDIT_ENV, tables.audit());
    }
}
