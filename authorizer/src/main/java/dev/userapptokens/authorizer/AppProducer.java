package dev.userapptokens.authorizer;

import java.time.Clock;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.roles.RoleCatalog;
import dev.userapptokens.core.store.DynamoClientSettings;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.DynamoTokenLookup;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Wires what the authorizer uses of core, once per process: the verifier (the tokens table and
 * the clock) and the access policy (the roles table's catalog, loaded at start so that the first
 * verification does not pay for it). The client is the quarkus-amazon-dynamodb extension's
 * (quarkus.dynamodb.* in application.properties); the two table names are read under their
 * environment variable names.
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
    DynamoRoleCatalog roles(DynamoDbClient client, Config config, Clock clock) {
        return new DynamoRoleCatalog(client, table(config, Tables.ROLES_ENV), clock, RoleCatalog.REFRESH);
    }

    @Produces
    @Singleton
    Verifier verifier(DynamoDbClient client, Config config, Clock clock) {
        return new Verifier(new DynamoTokenLookup(client, table(config, Tables.TOKENS_ENV)), clock,
                Verifier.LAST_USED_INTERVAL);
    }

    @Produces
    @Singleton
    AccessPolicy accessPolicy(DynamoRoleCatalog roles) {
        return new AccessPolicy(roles);
    }

    private static String table(Config config, String env) {
        return Tables.require(name -> config.getOptionalValue(name, String.class).orElse(null), env);
    }

    /** Loads the roles at start (Lambda's init phase). Storage trouble is not fatal: the first request retries. */
    void warm(@Observes StartupEvent start, DynamoRoleCatalog roles) {
        try {
            roles.refresh();
        } catch (RuntimeException e) {
            LOG.warnf("roles not loaded at start (%s); they are loaded on first use", e.getClass().getName());
        }
    }
}
