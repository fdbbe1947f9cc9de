package dev.userapptokens.authorizer;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import io.quarkus.arc.DefaultBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Wires core over DynamoDB once per process, as the admin function does: the
 * quarkus-amazon-dynamodb extension's client (quarkus.dynamodb.* in application.properties), the
 * table names under their environment variable names. Nothing is read at start: the first
 * verification loads the role catalog alongside its token read (core's RoleCatalog#prefetch), one
 * round trip in all.
 */
@Singleton
public class AppProducer {

    /** The extension's client (quarkus.dynamodb.*), with the settings core gives both functions. */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder) {
        return DynamoClientSettings.withStandardRetries(builder);
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    UserAppTokens app(DynamoDbClient client, Config config, Clock clock) {
        return UserAppTokens.builder().dynamoDb(client).clock(clock)
                .tables(Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null)))
                .build();
    }
}
