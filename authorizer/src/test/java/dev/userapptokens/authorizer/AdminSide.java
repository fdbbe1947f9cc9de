package dev.userapptokens.authorizer;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.store.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The admin side of core (users, tokens), on the function's client, clock and role catalog, for
 * tests to set up what the authorizer reads. The function itself wires only the verifier and the access policy.
 */
@Singleton
public class AdminSide {

    @Produces
    @Singleton
    DynamoWiring admin(DynamoDbClient client, Config config, Clock clock, DynamoRoleCatalog roles) {
        return DynamoWiring.builder().dynamoDb(client).clock(clock).roleCatalog(roles)
                .tables(Tables.fromEnvironment(name -> config.getOptionalValue(name, String.class).orElse(null)))
                .build();
    }
}
