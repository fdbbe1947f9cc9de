package dev.userapptokens.authorizer;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.SnapStartHooks;
import dev.userapptokens.core.metrics.MetricLines;
import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.DynamoTokenLookup;
import dev.userapptokens.core.tokens.TokenPolicy;
import io.quarkus.arc.DefaultBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Wires what the authorizer uses of core, once per process: the verifier (the tokens table and
 * the clock) and the access policy (the roles table's catalog). Nothing is read at start: the
 * first verification loads the catalog alongside its token read (RoleCatalog#prefetch), one round
 * trip in all. The client is the quarkus-amazon-dynamodb extension's (quarkus.dynamodb.* in
 * application.properties); the two table names are read under their environment variable names.
 */
@Singleton
public class AppProducer {

    /** Where the EMF lines go: standard output. */
    @Produces
    @Singleton
    MetricLines metricLines() {
        return new MetricLines();
    }

    /**
     * The extension's client (quarkus.dynamodb.*), with the settings core gives every function, and
     * the failed calls counted for the metrics.
     */
    @Produces
    @Singleton
    DynamoDbClient dynamoDb(DynamoDbClientBuilder builder, StorageErrors storageErrors) {
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(storageErrors).build());
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
    DynamoRoleCatalog roles(DynamoDbClient client, Config config, Clock clock) {
        return new DynamoRoleCatalog(client, table(config, Tables.ROLES_ENV), clock, RoleCatalog.REFRESH);
    }

    @Produces
    @Singleton
    DynamoTokenLookup tokens(DynamoDbClient client, Config config) {
        return new DynamoTokenLookup(client, table(config, Tables.TOKENS_ENV));
    }

    @Produces
    @Singleton
    Verifier verifier(DynamoTokenLookup tokens, DynamoRoleCatalog roles, Config config, Clock clock) {
        // The lifetime policy's maximum is checked on every verification, from the token's own item.
        TokenPolicy policy = TokenPolicy.of(
                config.getOptionalValue("uat.token-policy.max-lifetime-days", String.class).orElse(null), null);
        return new Verifier(tokens, roles, policy, clock, Verifier.LAST_USED_INTERVAL);
    }

    /** SnapStart (JVM mode): the authorizer generates nothing, so there is no generator to reseed. */
    @Produces
    @Singleton
    SnapStartHooks snapStart(Verifier verifier, DynamoTokenLookup tokens, DynamoRoleCatalog roles, Clock clock) {
        return new SnapStartHooks(verifier, tokens, roles, null, clock);
    }

    @Produces
    @Singleton
    AccessPolicy accessPolicy(DynamoRoleCatalog roles) {
        return new AccessPolicy(roles);
    }

    private static String table(Config config, String env) {
        return Tables.require(name -> config.getOptionalValue(name, String.class).orElse(null), env);
    }
}
