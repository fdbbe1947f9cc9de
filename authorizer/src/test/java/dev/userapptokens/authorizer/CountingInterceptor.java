package dev.userapptokens.authorizer;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts DynamoDB calls by operation. Registered for every SDK client in the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it sees the calls of
 * the function's own client, built exactly as in production (the quarkus-amazon-dynamodb extension's bean, customised by AppProducer).
 * Counted once per call (not per retry attempt).
 */
public class CountingInterceptor implements ExecutionInterceptor {

    static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(operation == null ? "?" : operation, k -> new AtomicInteger()).incrementAndGet();
    }

    static void reset() {
        CALLS.clear();
    }

    static int count(String operation) {
        AtomicInteger n = CALLS.get(operation);
        return n == null ? 0 : n.get();
    }

    static int reads() {
        return READS.stream().mapToInt(CountingInterceptor::count).sum();
    }

    static int total() {
        return CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    static Map<String, Integer> snapshot() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
