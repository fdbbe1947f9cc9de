package dev.userapptokens.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every DynamoDB call of every SDK client in the JVM, the function's own included (it is
 * registered through {@code software/amazon/awssdk/global/handlers/execution.interceptors}, which
 * {@code infra/bench/run} puts on the in-process harness's class path only). Counted once per
 * call, on the calling thread (the sync client runs interceptors there), so the harness can count
 * the reads of one invocation exactly and tell a handler's calls from its own bare reads.
 */
public final class Counting implements ExecutionInterceptor {

    static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");

    /** What the calling thread is doing: "handler", "bare", or "other". */
    static final ThreadLocal<String> PHASE = ThreadLocal.withInitial(() -> "other");
    /** Reads made on this thread so far. */
    private static final ThreadLocal<long[]> THREAD_READS = ThreadLocal.withInitial(() -> new long[1]);
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        installed = true;
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (READS.contains(operation)) {
            THREAD_READS.get()[0]++;
        }
        CALLS.computeIfAbsent(PHASE.get() + " " + operation, k -> new LongAdder()).increment();
    }

    static boolean installed() {
        return installed;
    }

    static long threadReads() {
        return THREAD_READS.get()[0];
    }

    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static long count(String phase, String operation) {
        LongAdder n = CALLS.get(phase + " " + operation);
        return n == null ? 0 : n.sum();
    }

    static long reads(String phase) {
        long total = 0;
        for (String op : READS) {
            total += count(phase, op);
        }
        return total;
    }
}
