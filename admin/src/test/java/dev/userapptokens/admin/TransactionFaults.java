package dev.userapptokens.admin;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Makes the next N TransactWriteItems calls fail as real DynamoDB fails the losing side of two
 * concurrent transactions on one item: TransactionCanceledException with a TransactionConflict
 * reason on each users-table item and None on the others. moto never does this by itself.
 * Registered for every SDK client of the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it acts on the
 * function's own client, built as in production; it does nothing until a test arms it.
 */
public class TransactionFaults implements ExecutionInterceptor {

    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicInteger INJECTED = new AtomicInteger();

    /** The next {@code count} transactions are cancelled for a conflict ({@code Integer.MAX_VALUE}: all). */
    static void conflictNext(int count) {
        INJECTED.set(0);
        PENDING.set(count);
    }

    /** Stops injecting; returns how many transactions were cancelled since {@link #conflictNext}. */
    static int stop() {
        PENDING.set(0);
        return INJECTED.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest request
                && PENDING.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            INJECTED.incrementAndGet();
            List<CancellationReason> reasons = request.transactItems().stream().map(TransactionFaults::reason).toList();
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled, please refer cancellation reasons for specific reasons "
                            + reasons.stream().map(CancellationReason::code).toList())
                    .cancellationReasons(reasons)
                    .statusCode(400)
                    .build();
        }
    }

    private static CancellationReason reason(TransactWriteItem item) {
        String table = item.put() != null ? item.put().tableName()
                : item.update() != null ? item.update().tableName()
                : item.delete() != null ? item.delete().tableName()
                : item.conditionCheck().tableName();
        return table.endsWith("users") // the tests' users table: <prefix>users
                ? CancellationReason.builder().code("TransactionConflict")
                        .message("Transaction is ongoing for the item").build()
                : CancellationReason.builder().code("None").build();
    }
}
