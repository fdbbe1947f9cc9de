package dev.userapptokens.core;

import java.time.Clock;

import dev.userapptokens.core.audit.AuditLog;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.CurrentRoles;
import dev.userapptokens.core.roles.RoleStore;
import dev.userapptokens.core.roles.Roles;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.InMemoryRoles;
import dev.userapptokens.core.users.InMemoryStore;
import dev.userapptokens.core.users.Users;

/**
 * The services the rule tests run: over the in-memory ports (plain JUnit), or over the DynamoDB
 * ones on fresh tables of the local engine, so the same tests hold both implementations to one
 * behaviour.
 */
public record Services(Users users, Tokens tokens, Verifier verifier, AuditLog audit, Roles roles, RoleStore roleStore) {

    private static final String CURSOR_KEY = "test-only-cursor-key-not-for-production-0123456789";

    public static Services inMemory(Clock clock) {
        InMemoryStore store = new InMemoryStore(Cursors.withSecret(CURSOR_KEY));
        Ids ids = new Ids();
        InMemoryRoles builtIn = InMemoryRoles.builtIn();
        Users users = new Users(store, new CurrentRoles(builtIn, store.roleStore()), ids, clock);
        return new Services(users, new Tokens(users, store, new TokenFormat(), ids, clock),
                new Verifier(store, clock, Verifier.LAST_USED_INTERVAL), store,
                new Roles(store.roleStore(), builtIn, clock), store.roleStore());
    }

    /** Tables of its own: tests that count users or events need a table nobody else writes. */
    public static Services onDynamo(Clock clock) {
        var dynamo = LocalStore.dynamo();
        String prefix = "s" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        DynamoWiring core = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(Tables.withPrefix(prefix))
                .clock(clock).cursors(Cursors.withSecret(CURSOR_KEY)).build();
        core.seedRoles();
        return new Services(core.users(), core.tokens(), core.verifier(), core.audit(), core.roleDefinitions(),
                core.roleStore());
    }
}
