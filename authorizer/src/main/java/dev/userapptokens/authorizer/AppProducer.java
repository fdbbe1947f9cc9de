package dev.userapptokens.authorizer;

import java.time.Clock;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Wires core over DynamoDB once per process, as the admin function does: the
 * quarkus-amazon-dynamodb extension's client (quarkus.dynamodb.* in application.properties), the
 * table names under their environment variable names, and the role catalog loaded at start so
 * that the first verification does not pay for it.
 */
@Singleton
public class AppProducer {

    private static final Logger LOG = Logger.getLogger(AppProducer.class);

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

    /** Loads the roles at start (Lambda's init phase). Storage trouble is not fatal: the first request retries. */
    void warm(@Observes StartupEvent start, UserAppTokens app) {
        try {
            app.roles().refresh();
        } catch (RuntimeException e) {
            LOG.warnf("roles not loaded at start (%s); they are loaded on first use", e.getClass().getName());
        }
    }
}
