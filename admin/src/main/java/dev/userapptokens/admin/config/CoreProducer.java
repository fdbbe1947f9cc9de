package dev.userapptokens.admin.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.DynamoClients;
import dev.userapptokens.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds core once per process from {@link Settings}: core is plain Java, this is its CDI seam. */
@ApplicationScoped
public class CoreProducer {

    @Produces
    @Singleton
    DynamoDbClient dynamoDb(Settings settings) {
        Settings.Dynamo d = settings.dynamodb();
        return DynamoClients.create(d.endpoint().orElse(null), d.region(), d.apiCallTimeout(),
                d.apiCallAttemptTimeout(), d.maxAttempts());
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    @Produces
    @Singleton
    UserAppTokens userAppTokens(DynamoDbClient dynamo, Settings settings) {
        Settings.TableNames t = settings.tables();
        return UserAppTokens.builder()
                .dynamoDb(dynamo)
                .tables(new Tables(t.users(), t.roles(), t.tokens(), t.audit()))
                .build();
    }
}
