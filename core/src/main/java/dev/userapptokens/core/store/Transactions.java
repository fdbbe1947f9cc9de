package dev.userapptokens.core.store;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems with its failure read back as which item's condition failed. */
public final class Transactions {

    /** How many times a change re-reads and retries after losing a race on the user's version. */
    public static final int ATTEMPTS = 5;

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
