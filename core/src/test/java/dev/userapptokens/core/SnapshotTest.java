package dev.userapptokens.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.tokens.TokenFormat;

/** What a function does around a snapshot of its process (Lambda SnapStart), against the real DynamoDB path. */
class SnapshotTest {

    private static DynamoWiring app(TimedDynamo dynamo, SecureRandom random) {
        return DynamoWiring.builder().dynamoDb(dynamo).tables(LocalStore.tables()).clock(Clock.systemUTC())
                .random(random).build();
    }

    @Test
    void primingMakesTheReadsOfAFirstVerificationAndLeavesNothingInFlight() {
        TimedDynamo dynamo = new TimedDynamo();
        dynamo.delay = Duration.ofMillis(50);
        DynamoWiring app = app(dynamo, new SecureRandom());
        Verification primed = app.snapStart().beforeCheckpoint();
        assertEquals(DenyReason.UNKNOWN, assertInstanceOf(Verification.Denied.class, primed).reason(),
                "a well-formed token that was never issued");
        assertEquals(1, dynamo.count("getItem"));
        assertEquals(1, dynamo.count("scan"), "the roles Scan is done, not in flight, when priming returns");
        assertEquals(1, dynamo.count("updateItem"), "the last-used write, refused by its condition");
        assertEquals(3, dynamo.calls.size());
    }

    @Test
    void afterARestoreTheRolesAreReadAgain() {
        TimedDynamo dynamo = new TimedDynamo();
        dynamo.delay = Duration.ZERO;
        DynamoWiring app = app(dynamo, new SecureRandom());
        app.snapStart().beforeCheckpoint();
        app.snapStart().afterRestore();
        dynamo.calls.clear();
        app.roles().find("DEVELOPER").orElseThrow();
        assertEquals(1, dynamo.count("scan"), "the copy taken into the snapshot is not served");
    }

    @Test
    void environmentsRestoredFromOneSnapshotDoNotShareTheirRandomState() throws NoSuchAlgorithmException {
        // Two environments restored from one snapshot hold the same generator state: a seeded
        // SHA1PRNG stands for it, since it repeats itself exactly.
        SecureRandom first = SecureRandom.getInstance("SHA1PRNG");
        SecureRandom second = SecureRandom.getInstance("SHA1PRNG");
        first.setSeed(42);
        second.setSeed(42);
        TimedDynamo dynamo = new TimedDynamo();
        dynamo.delay = Duration.ZERO;
        DynamoWiring a = app(dynamo, first);
        DynamoWiring b = app(dynamo, second);
        // what each app's tokens and ids are drawn from
        TokenFormat drawA = new TokenFormat(first);
        TokenFormat drawB = new TokenFormat(second);
        assertEquals(drawA.generate(), drawB.generate(), "same state, same tokens: the hazard");
        a.snapStart().afterRestore();
        b.snapStart().afterRestore();
        assertNotEquals(drawA.generate(), drawB.generate());
        assertNotEquals(new Ids(first).next("usr_"), new Ids(second).next("usr_"));
    }
}
