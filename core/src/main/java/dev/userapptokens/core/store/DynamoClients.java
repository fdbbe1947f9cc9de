package dev.userapptokens.core.store;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one way the functions build their DynamoDB client: the url-connection HTTP client (light
 * and native-friendly), credentials from the Lambda environment, and hard time bounds so a slow
 * or failing table turns into a fast deny instead of a hung authorizer.
 */
public final class DynamoClients {

    private DynamoClients() {
    }

    /**
     * @param endpoint       null for AWS; a URL for a local engine (then fixed dummy credentials)
     * @param region         the AWS region (Lambda sets AWS_REGION)
     * @param callTimeout    bound on one SDK call, retries included
     * @param attemptTimeout bound on one HTTP attempt
     * @param maxAttempts    attempts per call, first one included
     */
    public static DynamoDbClient create(URI endpoint, String region, Duration callTimeout, Duration attemptTimeout,
                                        int maxAttempts) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attemptTimeout)
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(maxAttempts))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(lambdaCredentials());
        }
        return builder.build();
    }

    /**
     * The execution role's credentials as Lambda hands them over: environment variables, or, under
     * SnapStart (which the template enables in JVM mode), the container credentials endpoint
     * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}), since a restored snapshot has no key variables.
     * Only these two: the default chain's profile-file and instance-metadata steps cost start-up
     * time and never apply in Lambda.
     */
    public static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                .build();
    }
}
