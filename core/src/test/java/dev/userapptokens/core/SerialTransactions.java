package dev.userapptokens.core;

import java.util.concurrent.locks.ReentrantLock;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Sends this JVM's TransactWriteItems calls to the engine one at a time. DynamoDB serializes
 * transactions; moto (5.x) does not: it rolls a failed transaction back by restoring a copy of
 * the tables taken when it began, which undoes any transaction that committed meanwhile (a
 * committed revoke comes back to life). Reads and the tests' own interleaving stay concurrent,
 * so races between reading a user and writing it still happen as they do on DynamoDB.
 * Registered through {@code software/amazon/awssdk/global/handlers/execution.interceptors}.
 */
public class SerialTransactions implements ExecutionInterceptor {

    private static final ReentrantLock ENGINE = new ReentrantLock();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest) {
            ENGINE.lock();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        release();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release();
    }

    private static void release() {
        if (ENGINE.isHeldByCurrentThread()) {
            ENGINE.unlock();
        }
    }
}
