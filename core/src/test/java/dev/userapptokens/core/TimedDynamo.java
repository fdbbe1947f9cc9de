package dev.userapptokens.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The local engine's client, each read held up by {@link #delay} and timed; a scan can be made to fail. */
public final class TimedDynamo implements DynamoDbClient {

    /** The default delay: a round trip to a far-away DynamoDB, long against the local engine's own time. */
    public static final Duration DELAY = Duration.ofMillis(400);

    public record Call(String what, long startNanos, long endNanos) {
    }

    private final DynamoDbClient real = LocalStore.dynamo().client();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicBoolean scanFails = new AtomicBoolean();
    public volatile Duration delay = DELAY;

    private <T> T timed(String what, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            Thread.sleep(delay.toMillis()); // the round trip to a far-away DynamoDB
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            calls.add(new Call(what, start, System.nanoTime()));
        }
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return timed("scan", () -> {
            if (scanFails.get()) {
                throw new IllegalStateException("roles table unavailable");
            }
            return real.scan(request);
        });
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return timed("getItem", () -> real.getItem(request));
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        long start = System.nanoTime();
        try {
            return real.updateItem(request); // the last-used write: not held up, not what is measured
        } finally {
            calls.add(new Call("updateItem", start, System.nanoTime()));
        }
    }

    public long count(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).count();
    }

    public Call first(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).findFirst().orElseThrow();
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
    }
}
