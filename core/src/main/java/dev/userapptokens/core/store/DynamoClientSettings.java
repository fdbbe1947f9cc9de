package dev.userapptokens.core.store;

import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** What both functions set on the quarkus-amazon-dynamodb extension's client beyond its quarkus.dynamodb.* configuration. */
public final class DynamoClientSettings {

    private DynamoClientSettings() {
    }

    /**
     * The client with the SDK's standard retry mode (3 attempts, short backoff) instead of
     * DynamoDB's legacy default (9 attempts): dead storage must fail within the call timeout. The
     * extension has no property for the retry mode.
     */
    public static DynamoDbClient withStandardRetries(DynamoDbClientBuilder builder) {
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .retryStrategy(RetryMode.STANDARD).build()).build();
    }
}
