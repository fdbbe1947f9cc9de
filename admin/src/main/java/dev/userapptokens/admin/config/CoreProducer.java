package dev.userapptokens.admin.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.Tables;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds core once per process: core is plain Java, this is its CDI seam. The client is the
 * quarkus-amazon-dynamodb extension's (quarkus.dynamodb.* in application.properties); the table
 * names are read under their environment variable names, as the SAM template sets them.
 */
@ApplicationScoped
public class CoreProducer {

    /**
     * The extension's client, with the SDK's standard retry mode (3 attempts, short backoff) instead
     * of DynamoDB's legacy default (9 attempts): dead storage must fail within the call timeout. The
     * extension has no property for the retry mode; everything else is quarkus.dynamodb.* configuration.
     */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder) {
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .retryStrategy(RetryMode.STANDARD).build()).build();
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
