package dev.userapptokens.core.tokens;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.Ids;
import dev.userapptokens.core.LocalStore;
import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.users.DynamoUserStore;
import dev.userapptokens.core.users.Users;

/** {@link RevocationTest} on the DynamoDB store and lookup, on tables of its own. */
class RevocationOnDynamoTest extends RevocationTest {

    @Override
    World world(MovableClock clock) {
        var dynamo = LocalStore.dynamo();
        String prefix = "r" + System.nanoTime() + "-";
        dynamo.tables().createAll(dynamo.client(), prefix);
        Tables tables = Tables.withPrefix(prefix);
        Cursors cursors = Cursors.withSecret(CURSOR_KEY);
        DynamoWiring core = DynamoWiring.builder().dynamoDb(dynamo.client()).tables(tables).clock(clock)
                .cursors(cursors).build();
        core.seedRoles();
        DynamoUserStore store = new DynamoUserStore(dynamo.client(), tables, core.audit(), cursors);
        DynamoTokenLookup lookup = new DynamoTokenLookup(dynamo.client(), tables.tokens());
        Users users = core.users();
        return new World(users, new Tokens(users, store, new TokenFormat(), new Ids(), POLICY, clock),
                new Verifier(lookup, core.roles(), POLICY, clock, Verifier.LAST_USED_INTERVAL), core.audit(), store, lookup);
    }
}
