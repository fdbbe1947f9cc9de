package dev.userapptokens.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.userapptokens.core.tokens.TokenHash;
import dev.userapptokens.core.tokens.TokenItems;
import io.quarkus.arc.Arc;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Overhead, reads and throughput, in one JVM whose class path is the unpacked function.zip (plus
 * this harness): the handler is called exactly as Lambda's java21 runtime calls it,
 * {@code QuarkusStreamHandler.handleRequest(event bytes, output, context)}, against the local
 * engine; the bare read is the very GetItem the verification makes (same table, key, projection,
 * consistent read), issued on the function's own {@link DynamoDbClient} bean.
 *
 * <p>Usage: {@code InProcess EVENT_FILE TOKEN_FILE}; environment as the function's
 * (TOKENS_TABLE...). Prints a report and {@code RESULT key=value} lines.
 */
public final class InProcess {

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler";

    private final RequestStreamHandler handler;
    private final byte[] event;
    private final DynamoDbClient client;
    private final GetItemRequest bareRequest;

    private InProcess(RequestStreamHandler handler, byte[] event, DynamoDbClient client, GetItemRequest bareRequest) {
        this.handler = handler;
        this.event = event;
        this.client = client;
        this.bareRequest = bareRequest;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: InProcess EVENT_FILE TOKEN_FILE");
            System.exit(2);
        }
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        String token = Files.readString(Path.of(args[1])).strip();
        int pairs = Integer.getInteger("bench.pairs", 2000);
        int warmup = Integer.getInteger("bench.warmup", 1000);
        double tputSeconds = Double.parseDouble(System.getProperty("bench.tput.seconds", "3"));
        int tputRounds = Integer.getInteger("bench.tput.rounds", 3);

        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(HANDLER).getDeclaredConstructor()
                .newInstance();
        // The function's own client: the quarkus-amazon-dynamodb extension's bean, from the function's configuration.
        DynamoDbClient client = Arc.container().instance(DynamoDbClient.class).get();
        GetItemRequest bare = GetItemRequest.builder()
                .tableName(System.getenv("TOKENS_TABLE"))
                .key(Map.of(TokenItems.HASH, AttributeValue.fromS(TokenHash.of(token))))
                .consistentRead(true)
                // the verifier's own projection (DynamoTokenLookup): the same item, the same bytes read
                .projectionExpression(String.join(",", TokenItems.TOKEN_ID, TokenItems.USER_ID, TokenItems.EMAIL,
                        TokenItems.LOGIN_OPTION, "#roles", TokenItems.EXPIRES_AT, TokenItems.LAST_USED_AT,
                        TokenItems.CREATED_AT, "#permissions"))
                .expressionAttributeNames(Map.of("#roles", TokenItems.ROLES, "#permissions", TokenItems.PERMISSIONS))
                .build();
        InProcess bench = new InProcess(handler, event, client, bare);

        String first = bench.invoke();
        System.out.println("first response: " + first);
        if (!first.contains("\"isAuthorized\":true")) {
            throw new IllegalStateException("the benchmark token was not allowed: " + first);
        }
        if (!Counting.installed()) {
            throw new IllegalStateException("the counting interceptor is not on the class path");
        }
        if (bench.client.getItem(bare).item().isEmpty()) {
            throw new IllegalStateException("the bare GetItem found no token item");
        }

        bench.overhead(warmup, pairs);
        bench.throughput(1, tputSeconds, tputRounds);
        bench.throughput(8, tputSeconds, tputRounds);
        bench.reads();
        System.out.flush();
        if (Boolean.getBoolean("bench.exit")) {
            System.exit(0); // lets a flight recording be written (infra/bench/run --profile)
        }
        Runtime.getRuntime().halt(0);
    }

    /** One invocation as Lambda makes it; the response body. */
    String invoke() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        handler.handleRequest(new ByteArrayInputStream(event), out, BenchContext.INSTANCE);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void checkedInvoke() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        handler.handleRequest(new ByteArrayInputStream(event), out, BenchContext.INSTANCE);
        byte[] body = out.toByteArray();
        // {"isAuthorized":true,...}: byte 16 is the 't' of true.
        if (body.length < 20 || body[16] != 't') {
            throw new IllegalStateException("denied during the benchmark: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    private void bareRead() {
        if (!client.getItem(bareRequest).hasItem()) {
            throw new IllegalStateException("bare GetItem found nothing");
        }
    }

    /** Reads per handler call, histogrammed; plus the tallies of every call made by each phase. */
    private final Map<Long, Long> readsPerCall = new TreeMap<>();
    private long handlerCalls;
    private long bareCalls;

    private long timedHandler() throws IOException {
        Counting.PHASE.set("handler");
        long reads = Counting.threadReads();
        long start = System.nanoTime();
        checkedInvoke();
        long elapsed = System.nanoTime() - start;
        readsPerCall.merge(Counting.threadReads() - reads, 1L, Long::sum);
        handlerCalls++;
        return elapsed;
    }

    private long timedBare() {
        Counting.PHASE.set("bare");
        long start = System.nanoTime();
        bareRead();
        long elapsed = System.nanoTime() - start;
        bareCalls++;
        return elapsed;
    }

    /** Interleaved pairs (which one goes first alternates), so drift on the machine hits both alike. */
    void overhead(int warmup, int pairs) throws IOException {
        for (int i = 0; i < warmup; i++) {
            timedHandler();
            timedBare();
        }
        readsPerCall.clear();
        long[] h = new long[pairs];
        long[] b = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            if ((i & 1) == 0) {
                h[i] = timedHandler();
                b[i] = timedBare();
            } else {
                b[i] = timedBare();
                h[i] = timedHandler();
            }
        }
        double h50 = Stats.percentile(h, 50), h99 = Stats.percentile(h, 99);
        double b50 = Stats.percentile(b, 50), b99 = Stats.percentile(b, 99);
        System.out.printf("overhead: %d interleaved pairs after %d warm-up pairs%n", pairs, warmup);
        System.out.printf("  handler end-to-end  p50 %s ms  p99 %s ms%n", Stats.ms(h50), Stats.ms(h99));
        System.out.printf("  bare GetItem        p50 %s ms  p99 %s ms%n", Stats.ms(b50), Stats.ms(b99));
        System.out.printf("  ratio p50 %.3f  p99 %.3f  (handler minus bare at p50: %.1f us)%n", h50 / b50, h99 / b99,
                (h50 - b50) / 1e3);
        System.out.printf("RESULT overhead=%.4f%n", h50 / b50);
        System.out.printf("RESULT overhead_p99=%.4f%n", h99 / b99);
        System.out.printf("RESULT handler_p50_ms=%s%nRESULT handler_p99_ms=%s%n", Stats.ms(h50), Stats.ms(h99));
        System.out.printf("RESULT bare_p50_ms=%s%nRESULT bare_p99_ms=%s%n", Stats.ms(b50), Stats.ms(b99));
    }

    /** Rounds of bare then handler (order alternating), {@code threads} callers each; median of the rounds' ratios. */
    void throughput(int threads, double seconds, int rounds) throws InterruptedException {
        run(threads, 1.0, true);   // warm: connections for this many callers
        run(threads, 1.0, false);
        double[] h = new double[rounds];
        double[] b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                b[r] = run(threads, seconds, true);
                h[r] = run(threads, seconds, false);
            } else {
                h[r] = run(threads, seconds, false);
                b[r] = run(threads, seconds, true);
            }
        }
        double hm = Stats.median(h), bm = Stats.median(b);
        // Each round's two runs are adjacent in time: the median of their ratios is what load drift
        // on a shared machine disturbs least.
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = h[r] / b[r];
        }
        double ratio = Stats.median(ratios);
        System.out.printf("throughput, %d caller(s), %d rounds of %.1f s each:%n", threads, rounds, seconds);
        System.out.printf("  handler  %s /s (median %.0f)%n", java.util.Arrays.toString(round(h)), hm);
        System.out.printf("  bare     %s /s (median %.0f)%n", java.util.Arrays.toString(round(b)), bm);
        System.out.printf("  ratio, median of the rounds' ratios %.3f (ratio of the medians %.3f)%n", ratio, hm / bm);
        System.out.printf("RESULT tput%d=%.4f%nRESULT tput%d_handler=%.0f%nRESULT tput%d_bare=%.0f%n", threads, ratio,
                threads, hm, threads, bm);
    }

    private static long[] round(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }

    /** Calls per second over {@code seconds}, with {@code threads} callers in a closed loop. */
    private double run(int threads, double seconds, boolean bare) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] counts = new long[threads * 16]; // padded: one slot per 128 bytes
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t * 16;
            Thread worker = new Thread(() -> {
                Counting.PHASE.set(bare ? "bare" : "handler");
                ready.countDown();
                try {
                    go.await();
                    long n = 0;
                    while (!stop.get()) {
                        if (bare) {
                            bareRead();
                        } else {
                            checkedInvoke();
                        }
                        n++;
                    }
                    counts[slot] = n;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t * 16];
        }
        if (bare) {
            bareCalls += total;
        } else {
            handlerCalls += total;
        }
        return total / (elapsed / 1e9);
    }

    /** Every DynamoDB call each phase made over the whole run, and the reads of each measured handler call. */
    void reads() {
        long measured = readsPerCall.values().stream().mapToLong(Long::longValue).sum();
        long mode = readsPerCall.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(-1L);
        long handlerReads = Counting.reads("handler");
        System.out.println("reads:");
        System.out.println("  per measured handler call (reads -> calls): " + readsPerCall + " over " + measured);
        System.out.println("  all calls by phase (counted by an SDK interceptor): " + Counting.snapshot());
        System.out.printf("  handler invocations %d, DynamoDB reads %d: %.4f per verification%n", handlerCalls,
                handlerReads, handlerReads / (double) handlerCalls);
        System.out.printf("  bare calls %d, reads %d%n", bareCalls, Counting.reads("bare"));
        System.out.printf("RESULT reads=%d%nRESULT reads_mean=%.4f%n", mode, handlerReads / (double) handlerCalls);
    }
}
