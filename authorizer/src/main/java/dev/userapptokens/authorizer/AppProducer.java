package dev.userapptokens.authorizer;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.store.DynamoClients;
import dev.userapptokens.core.store.Tables;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires core over DynamoDB once per process: the bounded client from {@link DynamoClients}, the
 * table names, and the role catalog loaded at start so that the first verification does not pay
 * for it.
 */
@Singleton
public class AppProducer {

    private static final Logger LOG = Logger.getLogger(AppProducer.class);

    @Produces
    @Singleton
    DynamoDbClient dynamoDb(AuthorizerConfig config) {
        AuthorizerConfig.Dynamo dynamo = config.dynamodb();
        return DynamoClients.create(dynamo.endpoint().orElse(null), dynamo.region(), dynamo.apiCallTimeout(),
                dynamo.apiCallAttemptTimeout(), dynamo.maxAttempts());
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    UserAppTokens app(DynamoDbClient client, AuthorizerConfig config, Clock clock) {
        AuthorizerConfig.Tables names = config.tables();
        Tables tables = new Tables(
                table(names.users(), Tables.USERS_ENV),
                table(names.roles(), Tables.ROLES_ENV),
                table(names.tokens(), Tables.TOKENS_ENV),
                table(names.audit(), Tables.AUDIT_ENV));
        return UserAppTokens.builder().dynamoDb(client).tables(tables).clock(clock)
                .lastUsedInterval(config.lastUsedInterval()).rolesRefresh(config.rolesRefresh()).build();
    }

    /** Loads the roles at start (Lambda's init phase). Storage trouble is not fatal: the first request retries. */
    void warm(@Observes StartupEvent start, UserAppTokens app, AuthorizerConfig config) {
        AuthorizerConfig.Dynamo dynamo = config.dynamodb();
        LOG.infof("DynamoDB %s, region %s: call timeout %s, attempt timeout %s, %d attempts",
                dynamo.endpoint().map(Object::toString).orElse("(AWS)"), dynamo.region(), dynamo.apiCallTimeout(),
                dynamo.apiCallAttemptTimeout(), dynamo.maxAttempts());
        try {
            app.roles().refresh();
        } catch (RuntimeException e) {
            LOG.warnf("roles not loaded at start (%s); they are loaded on first use", e.getClass().getName());
        }
    }

    private static String table(Optional<String> name, String env) {
        return name.filter(n -> !n.isBlank()).orElseThrow(() -> new IllegalStateException(
                "environment variable " + env + " must name a DynamoDB table"));
    }
}
