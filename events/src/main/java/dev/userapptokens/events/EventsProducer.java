package dev.userapptokens.events;

import java.net.URI;
import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.Users;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import io.quarkus.arc.DefaultBean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/**
 * Wires both handlers once per process: core over the extension's DynamoDB client (as the other
 * functions do), an EventBridge client with the url-connection HTTP client, the bus and the
 * thresholds from the environment the template sets (application.properties).
 */
@Singleton
public class EventsProducer {

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
    Tables tables(Config config) {
        return Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null));
    }

    @Produces
    @Singleton
    DynamoWiring core(DynamoDbClient client, Tables tables, Clock clock) {
        return DynamoWiring.builder().dynamoDb(client).clock(clock).tables(tables).build();
    }

    /** The reads the forwarder makes for an event's email and label (it writes nothing). */
    @Produces
    @Singleton
    Users users(DynamoWiring core) {
        return core.users();
    }

    @Produces
    @Singleton
    Tokens tokens(DynamoWiring core) {
        return core.tokens();
    }

    /** A local engine's endpoint (moto) takes any key; on AWS the default chain's. */
    @Produces
    @Singleton
    EventBridgeClient eventBridge(Config config) {
        EventBridgeClientBuilder builder = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.getValue("uat.events.region", String.class)));
        String endpoint = config.getOptionalValue("uat.events.endpoint", String.class).orElse("");
        if (endpoint.isBlank()) {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        } else {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
    }

    @Produces
    @Singleton
    Bus bus(EventBridgeClient client, Config config) {
        return new Bus(client, config.getValue("uat.events.bus", String.class));
    }

    @Produces
    @Singleton
    ExpiryWarnings expiryWarnings(DynamoDbClient dynamo, Tables tables, Bus bus, Clock clock, Config config) {
        return new ExpiryWarnings(dynamo, tables.tokens(), bus, clock,
                Thresholds.parse(config.getValue("uat.expiry.thresholds", String.class)));
    }
}
