package dev.userapptokens.core;

import java.time.Clock;
import java.time.Duration;

import dev.userapptokens.core.store.Tables;
import dev.userapptokens.localdynamodb.LocalDynamo;

/**
 * One local DynamoDB engine for the whole test JVM, with the template's tables and the seeded
 * roles; stopped when the JVM exits. Each test builds its app over it with its own clock.
 */
public final class LocalStore {

    private static LocalDynamo dynamo;

    private LocalStore() {
    }

    public static synchronized LocalDynamo dynamo() {
        if (dynamo == null) {
            dynamo = LocalDynamo.start();
            Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
            app(Clock.systemUTC()).seedRoles();
        }
        return dynamo;
    }

    public static Tables tables() {
        return Tables.withPrefix(dynamo().prefix());
    }

    public static DynamoWiring app(Clock clock) {
        return DynamoWiring.builder().dynamoDb(dynamo().client()).tables(tables()).clock(clock)
                .lastUsedInterval(Duration.ofMinutes(1)).build();
    }
}
