package dev.userapptokens.admin.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import io.quarkus.runtime.Startup;
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
    UserAppTokens userAppTokens(DynamoDbClient dynamo, Config config, Cursors cursors) {
        return UserAppTokens.builder()
                .dynamoDb(dynamo)
                .tables(Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null)))
                .cursors(cursors)
                .build();
    }

    /**
     * The paging cursors, keyed with the deployment's secret (uat.cursor-key, from CURSOR_KEY). Built
     * at startup, at run time, so a missing or short key stops the function before its first request.
     */
    @Produces
    @Singleton
    @Startup
    Cursors cursors(@ConfigProperty(name = "uat.cursor-key") Optional<String> key) {
        return cursorsFrom(key);
    }

    static Cursors cursorsFrom(Optional<String> key) {
        if (key.isEmpty() || key.get().isBlank()) {
            throw new IllegalStateException("CURSOR_KEY is not set: the admin function signs its paging cursors with it "
                    + "(the SAM template passes the CursorKeySecret; locally any value of 32 bytes or more)");
        }
        try {
            return Cursors.withSecret(key.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CURSOR_KEY is too short: " + e.getMessage() + " (UTF-8)");
        }
    }
}
