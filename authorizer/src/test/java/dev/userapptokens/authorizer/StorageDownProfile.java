package dev.userapptokens.authorizer;

import java.util.List;
import java.util.Map;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDynamo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A local DynamoDB of its own, which the test stops mid-run: the other profiles' engine is not
 * touched. The engine's process id is passed in a system property (the test and the resource may
 * live in different class loaders; system properties are the JVM's).
 */
public class StorageDownProfile implements QuarkusTestProfile {

    static final String MOTO_PID = "authorizer-test.storage-down.moto-pid";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", HttpApiHandler.NAME);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnDynamo.class));
    }

    public static class OwnDynamo implements QuarkusTestResourceLifecycleManager {

        private LocalDynamo local;

        @Override
        public Map<String, String> start() {
            local = LocalDynamo.start();
            DynamoWiring.builder().dynamoDb(local.client()).tables(Tables.withPrefix(local.prefix())).build().seedRoles();
            if (local.moto() == null) {
                throw new IllegalStateException("the storage-down test needs a local moto_server, not "
                        + LocalDynamo.ENDPOINT_ENV);
            }
            System.setProperty(MOTO_PID, Long.toString(local.moto().pid()));
            return LocalDynamoResource.config(local);
        }

        @Override
        public void stop() {
            if (local != null) {
                local.close();
            }
        }
    }
}
