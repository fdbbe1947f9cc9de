package dev.userapptokens.events;

import java.util.Map;
import java.util.UUID;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * One moto for the JVM: the template's tables (the audit table with its stream) and an
 * EventBridge bus, which moto serves on the same endpoint. Each test reads what reaches the bus
 * through its own {@link Inbox}.
 */
public class LocalAws implements QuarkusTestResourceLifecycleManager {

    static final String BUS = "uat-test-bus-" + UUID.randomUUID().toString().substring(0, 8);
    private static LocalDynamo shared;

    static synchronized LocalDynamo shared() {
        if (shared == null) {
            shared = LocalDynamo.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            DynamoWiring.builder().dynamoDb(shared.client()).tables(Tables.withPrefix(shared.prefix())).build()
                    .seedRoles();
            try (EventBridgeClient events = eventBridge()) {
                events.createEventBus(b -> b.name(BUS));
            }
        }
        return shared;
    }

    static EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().endpointOverride(shared().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Core over the shared engine, for tests that write what the functions read (the native ones cannot inject it). */
    static DynamoWiring core() {
        return DynamoWiring.builder().dynamoDb(shared().client()).tables(tables()).build();
    }

    static Tables tables() {
        return Tables.withPrefix(shared().prefix());
    }

    @Override
    public Map<String, String> start() {
        LocalDynamo local = shared();
        Tables tables = tables();
        return Map.of(
                "quarkus.dynamodb.endpoint-override", local.endpoint().toString(),
                "uat.events.endpoint", local.endpoint().toString(),
                "EVENT_BUS_NAME", BUS,
                Tables.USERS_ENV, tables.users(),
                Tables.ROLES_ENV, tables.roles(),
                Tables.TOKENS_ENV, tables.tokens(),
                Tables.AUDIT_ENV, tables.audit());
    }

    @Override
    public void stop() {
        // shared; closed by the shutdown hook
    }
}
