package dev.userapptokens.authorizer;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the DynamoDB calls that failed (after the SDK's retries), whichever part of a verification
 * made them: the token read, the roles load, the last-used write. Installed on the function's one
 * client (AppProducer); each decision's metrics take the count since the previous one.
 */
@Singleton
public class StorageErrors implements ExecutionInterceptor {

    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        failures.incrementAndGet();
    }

    /** The failures since the last call. */
    int drain() {
        return failures.getAndSet(0);
    }
}
