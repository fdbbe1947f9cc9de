package dev.userapptokens.core.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.userapptokens.core.RejectedException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one retry loop every change runs in ({@link #untilCommitted}), and DynamoDB's
 * TransactWriteItems with its failure read back as which item's condition failed.
 */
public final class Transactions {

    /**
     * How long a change keeps trying after losing races before it answers 409. Well inside the
     * admin function's 15 s Lambda timeout (template.yaml): a last attempt started at the budget's
     * end is one read and one transaction, each bounded by the client's 5 s call timeout.
     */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(4);
    /** The first retry waits up to this long; each further one up to twice as long, to {@link #MAX_PAUSE}. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    static final Duration MAX_PAUSE = Duration.ofMillis(320);

    /**
     * Cancellation reasons that say "another writer got there first" rather than "this request
     * is wrong": a failed version condition, a transaction running on the same item (real
     * DynamoDB cancels the loser of two concurrent transactions so), or throttling.
     */
    private static final Set<String> LOST_RACE = Set.of("None", "ConditionalCheckFailed", "TransactionConflict",
            "ThrottlingError", "ProvisionedThroughputExceeded");

    private Transactions() {
    }

    /** Thrown when the transaction was cancelled; {@link #conditionFailedAt} tells which item. */
    public static final class Cancelled extends RuntimeException {
        private final List<CancellationReason> reasons;

        Cancelled(TransactionCanceledException cause) {
            super("transaction cancelled", cause, false, false);
            this.reasons = cause.hasCancellationReasons() ? cause.cancellationReasons() : List.of();
        }

        /** True when item {@code index}'s condition failed; unknown reasons count as "maybe". */
        public boolean conditionFailedAt(int index) {
            if (reasons.isEmpty()) {
                return true;
            }
            return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
        }

        /** True when re-reading and trying again can succeed; false for a request DynamoDB refuses as such. */
        public boolean isLostRace() {
            return reasons.stream().allMatch(r -> r.code() == null || LOST_RACE.contains(r.code()));
        }
    }

    /**
     * Runs {@code attempt} (which reads what it needs, then writes) until it commits. A store
     * turns the failures it understands (a taken email, say) into rejections and a lost race into
     * {@link ConcurrentChange}; anything else goes through. A lost race is tried again after a pause drawn at random up to an
     * exponentially growing ceiling ("full jitter": writers that collided spread out instead of
     * colliding again in step), for as long as {@link #RETRY_BUDGET} lasts; after that the change
     * is a 409 that says {@code subject} changed concurrently. This is the one retry policy of
     * every change.
     */
    public static <T> T untilCommitted(String subject, Supplier<T> attempt) {
        long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
        for (int retry = 0; ; retry++) {
            try {
                return attempt.get();
            } catch (ConcurrentChange e) {
                long pause = pauseNanos(retry);
                if (System.nanoTime() + pause > deadline) {
                    throw RejectedException.conflict(subject + ": changed concurrently, try again");
                }
                sleep(pause, subject);
            }
        }
    }

    /** A pause drawn uniformly from [0, min(MAX_PAUSE, FIRST_PAUSE * 2^retry)]. */
    static long pauseNanos(int retry) {
        long ceiling = Math.min(MAX_PAUSE.toNanos(), FIRST_PAUSE.toNanos() << Math.min(retry, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1); // at call time: nothing random held in a static
    }

    private static void sleep(long nanos, String subject) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RejectedException.conflict(subject + ": changed concurrently, try again");
        }
    }

    /** {@link #untilCommitted} for a change without a result. */
    public static void untilCommitted(String subject, Runnable attempt) {
        untilCommitted(subject, () -> {
            attempt.run();
            return null;
        });
    }

    /** {@link #write(DynamoDbClient, List, Function)} for a change whose conditions all mean "lost a race". */
    public static void write(DynamoDbClient dynamo, List<TransactWriteItem> items) {
        write(dynamo, items, cancelled -> null);
    }

    /**
     * Commits {@code items} as one transaction. A cancellation is shown to {@code explain} first,
     * which returns the rejection it means (a taken email) or null; what is left is a
     * {@link ConcurrentChange} when it was a lost race, else the {@link Cancelled} itself.
     */
    public static void write(DynamoDbClient dynamo, List<TransactWriteItem> items,
                             Function<Cancelled, RuntimeException> explain) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            Cancelled cancelled = new Cancelled(e);
            RuntimeException meant = explain.apply(cancelled);
            if (meant != null) {
                throw meant;
            }
            throw cancelled.isLostRace() ? new ConcurrentChange(cancelled) : cancelled;
        }
    }

    public static Map<String, AttributeValue> key(String name, String value) {
        return Map.of(name, AttributeValue.fromS(value));
    }
}
