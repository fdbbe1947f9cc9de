package dev.userapptokens.admin.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds core once per process: core is plain Java, this is its CDI seam. The client is the
 * quarkus-amazon-dynamodb extension's (quarkus.dynamodb.* in application.properties); the table
 * names are read under their environment variable names, as the SAM template sets them.
 */
@ApplicationScoped
public class CoreProducer {

    /** The extension's client (quarkus.dynamodb.*), with the settings core gives both functions. */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder) {
        return DynamoClientSettings.withStandardRetries(builder);
    }

    @Produces
    @Singleton
    UserAppTokens userAppTokens(DynamoDbClient dynamo, Config config) {
        return UserAppTokens.builder()
                .dynamoDb(dynamo)
                .tables(Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null)))
                .build();
    }
}
