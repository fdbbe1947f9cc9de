package dev.userapptokens.core.store;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.userapptokens.core.RejectedException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * TransactWriteItems with its failure read back as which item's condition failed, and the one
 * retry loop every change runs in.
 */
public final class Transactions {

    /** How many times a change re-reads and retries after losing a race on the user's version. */
    public static final int ATTEMPTS = 5;

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

        /** True when another transaction touched the same items: worth a retry. */
        public boolean isConflict() {
            return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
        }

        /** True when re-reading and trying again can succeed; false for a request DynamoDB refuses as such. */
        public boolean isLostRace() {
            return reasons.stream().allMatch(r -> r.code() == null || LOST_RACE.contains(r.code()));
        }
    }

    /**
     * Runs {@code attempt} (which reads what it needs, then {@link #write}s) until it commits.
     * An attempt turns the cancellations it understands (a taken email, say) into rejections and
     * lets the rest through; a lost race is tried again, and when it keeps losing the change is
     * a 409 that says {@code subject} changed concurrently.
     */
    public static <T> T untilCommitted(String subject, Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (Cancelled e) {
                if (!e.isLostRace()) {
                    throw e;
                }
                if (n >= ATTEMPTS) {
                    throw RejectedException.conflict(subject + ": changed concurrently, try again");
                }
            }
        }
    }

    /** {@link #untilCommitted} for a change without a result. */
    public static void untilCommitted(String subject, Runnable attempt) {
        untilCommitted(subject, () -> {
            attempt.run();
            return null;
        });
    }

    public static void write(DynamoDbClient dynamo, List<TransactWriteItem> items) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw new Cancelled(e);
        }
    }

    public static Map<String, AttributeValue> key(String name, String value) {
        return Map.of(name, AttributeValue.fromS(value));
    }
}
