package dev.userapptokens.localdynamodb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * A DynamoDB stream read into a function the way Lambda's event source mapping does it, on one thread.
 *
 * <p>It reads the stream shard by shard (DescribeStream, then GetShardIterator at the mapping's
 * StartingPosition for the shards there at start, TRIM_HORIZON for shards that appear later, each after
 * its parent is read to its end; then always the NextShardIterator GetRecords answers; an expired
 * iterator is renewed after the last record read). It gathers up to BatchSize records (waiting up to
 * MaximumBatchingWindowInSeconds for more once one came), renders them with
 * {@link StreamReader#lambdaEvent(List, String)}, splits a batch over Lambda's 6 MB payload limit, and
 * invokes the function one batch at a time, so records reach it in stream order.
 *
 * <p>What the function answers decides what happens next ({@link #batchResult}): a function error with
 * BisectBatchOnFunctionError splits a batch of more than one record in two, each half run in order (a
 * split is not a retry), without it the batch is retried; with ReportBatchItemFailures the records from
 * the lowest one named are retried. Retries back off from 0.5 s to 5 s, at most MaximumRetryAttempts
 * (-1: until the records expire, which locally is never); then Lambda's on-failure record
 * ({@link #failureRecord}) goes to the on-failure destination and reading goes on after the records.
 * Not emulated: MaximumRecordAgeInSeconds, FilterCriteria, ParallelizationFactor above 1, tumbling windows.
 */
public final class StreamMapping {

    /** Lambda's invocation payload limit: a larger batch is split before invoking. */
    public static final int MAX_EVENT = 6 * 1024 * 1024;
    static final double SHARDS_REFRESH = 10.0;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A mapping as {@link LocalDeployment} describes it, Lambda's defaults where a property is absent. */
    public record Spec(String id, String function, String table, String startingPosition, int batchSize, int window,
                       int maximumRetryAttempts, boolean bisect, boolean reportBatchItemFailures) {
        public static Spec of(JsonNode stream) {
            return new Spec(stream.path("id").asText("stream"), stream.path("function").asText(), stream.path("table").asText(),
                    stream.path("startingPosition").asText("TRIM_HORIZON"), Math.max(1, stream.path("batchSize").asInt(100)),
                    Math.max(0, stream.path("maximumBatchingWindowInSeconds").asInt(0)),
                    stream.path("maximumRetryAttempts").asInt(-1), stream.path("bisectBatchOnFunctionError").asBoolean(false),
                    stream.path("reportBatchItemFailures").asBoolean(false));
        }
    }

    public enum Kind { DONE, PARTIAL, FUNCTION_ERROR, BAD_ANSWER }

    /** What Lambda makes of one answer for a batch; {@code retryFrom} is the first record to retry when PARTIAL. */
    public record BatchResult(Kind kind, int retryFrom) {
    }

    /** How the mapping waits (backing off, idle polls, the batching window); the tests' one advances a clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(double seconds);
    }

    private static final class ShardState {
        final String id;
        final String parent;
        final String startAt;
        String iterator;
        boolean started;
        boolean closed;
        String last; // the sequence number of the last record read

        ShardState(String id, String parent, String startAt) {
            this.id = id;
            this.parent = parent;
            this.startAt = startAt;
        }
    }

    private record Work(List<Record> records, int retries) {
    }

    private final Spec spec;
    private final StreamSource source;
    private final Invoker invoker;
    private final Consumer<String> log;
    private final String functionArn;
    private final Consumer<ObjectNode> onFailure;
    private final Sleeper sleeper;
    private final DoubleSupplier clock;
    private final double idlePoll;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long forwarded; // records done: the function took them, or their retries were used up
    private volatile long failed; // records sent to the on-failure destination
    private String streamArn;
    private Double shardsReadAt;
    private Thread thread;

    /**
     * {@code log} takes one line; {@code onFailure} Lambda's on-failure record; {@code sleeper} and {@code clock}
     * (seconds) null for the real ones.
     */
    public StreamMapping(Spec spec, StreamSource source, Invoker invoker, Consumer<String> log, String functionArn,
                         Consumer<ObjectNode> onFailure, Sleeper sleeper, DoubleSupplier clock, double idlePoll) {
        this.spec = spec;
        this.source = source;
        this.invoker = invoker;
        this.log = log;
        this.functionArn = functionArn;
        this.onFailure = onFailure == null ? record -> { } : onFailure;
        this.sleeper = sleeper != null ? sleeper : this::waitUnlessStopped;
        this.clock = clock != null ? clock : () -> System.nanoTime() / 1e9;
        this.idlePoll = idlePoll;
    }

    public StreamMapping(Spec spec, StreamSource source, Invoker invoker, Consumer<String> log, String functionArn,
                         Consumer<ObjectNode> onFailure) {
        this(spec, source, invoker, log, functionArn, onFailure, null, null, 0.5);
    }

    public Spec spec() {
        return spec;
    }

    public long forwarded() {
        return forwarded;
    }

    public long failed() {
        return failed;
    }

    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    public synchronized void start() {
        thread = new Thread(this::run, spec.id() + "-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the mapping to stop: an invocation in flight is abandoned, a batch left unfinished. */
    public void requestStop() {
        stopping = true;
        stopped.countDown();
    }

    /** Stops the mapping and waits up to {@code waitSeconds} for its thread. */
    public void stop(double waitSeconds) {
        requestStop();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join((long) (waitSeconds * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        String lastError = null;
        while (!stopping) {
            try {
                if (!poll()) {
                    sleeper.sleep(idlePoll);
                }
                lastError = null;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                String text = e.getClass().getSimpleName() + ": " + (e instanceof AwsServiceException a
                        && a.awsErrorDetails() != null ? a.awsErrorDetails().errorMessage() : e.getMessage());
                if (!text.equals(lastError)) { // once per distinct error, not every poll
                    log.accept("cannot read the stream of " + spec.table() + ": " + text + "; trying again");
                    lastError = text;
                }
                sleeper.sleep(1.0);
            }
        }
    }

    private void waitUnlessStopped(double seconds) {
        try {
            stopped.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
        }
    }

    /** Reads each shard once and runs what it read; true when there were records. */
    public boolean poll() {
        if (streamArn == null) {
            streamArn = source.streamArn();
        }
        double now = clock.getAsDouble();
        if (shardsReadAt == null || now - shardsReadAt >= SHARDS_REFRESH || shards.isEmpty()) {
            boolean first = shardsReadAt == null;
            for (StreamSource.Shard shard : source.shards(streamArn)) {
                shards.computeIfAbsent(shard.id(), id -> new ShardState(id, shard.parent(),
                        first ? spec.startingPosition() : "TRIM_HORIZON"));
            }
            shardsReadAt = now;
        }
        boolean busy = false;
        for (ShardState shard : List.copyOf(shards.values())) {
            if (stopping) {
                return busy;
            }
            ShardState parent = shard.parent == null ? null : shards.get(shard.parent);
            if (shard.closed || parent != null && !parent.closed) {
                continue; // a child shard is read after its parent, as Lambda does, to keep the order
            }
            if (!shard.started) {
                shard.iterator = source.iterator(streamArn, shard.id, shard.startAt, null);
                shard.started = true;
            }
            List<Record> records = readBatch(shard);
            if (!records.isEmpty()) {
                busy = true;
                runBatch(shard.id, records);
            }
        }
        return busy;
    }

    /** Up to BatchSize records of a shard, waiting up to the batching window for more once one came. */
    private List<Record> readBatch(ShardState shard) {
        List<Record> records = new ArrayList<>();
        Double windowEnds = null;
        while (records.size() < spec.batchSize() && !stopping) {
            StreamSource.Page page;
            try {
                page = source.records(shard.iterator, spec.batchSize() - records.size());
            } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
                shard.iterator = shard.last != null
                        ? source.iterator(streamArn, shard.id, "AFTER_SEQUENCE_NUMBER", shard.last)
                        : source.iterator(streamArn, shard.id, "TRIM_HORIZON", null);
                continue;
            }
            records.addAll(page.records());
            if (!page.records().isEmpty()) {
                shard.last = sequence(page.records().get(page.records().size() - 1));
            }
            if (page.next() == null) {
                shard.closed = true;
                break;
            }
            shard.iterator = page.next();
            if (records.isEmpty() || spec.window() <= 0) {
                break;
            }
            if (windowEnds == null) {
                windowEnds = clock.getAsDouble() + spec.window();
            }
            double left = windowEnds - clock.getAsDouble();
            if (left <= 0) {
                break;
            }
            if (page.records().isEmpty()) {
                sleeper.sleep(Math.min(0.25, left));
            }
        }
        return records;
    }

    /**
     * Runs one batch to its end: every record taken by the function or, after its retries, sent to the
     * on-failure destination; in order. False when stopped first (the batch is then left unfinished).
     */
    private boolean runBatch(String shardId, List<Record> records) {
        Deque<Work> work = new ArrayDeque<>();
        work.add(new Work(records, 0));
        while (!work.isEmpty()) {
            if (stopping) {
                return false;
            }
            Work next = work.pollFirst();
            List<Record> batch = next.records();
            int retries = next.retries();
            byte[] payload = StreamReader.lambdaEvent(batch, streamArn).getBytes(StandardCharsets.UTF_8);
            if (payload.length > MAX_EVENT && batch.size() > 1) {
                split(work, batch, retries);
                continue;
            }
            double started = clock.getAsDouble();
            Invoker.Answer answer = invoker.invoke(payload);
            double took = (clock.getAsDouble() - started) * 1000;
            if (stopping && !answer.responded()) {
                return false;
            }
            BatchResult result = batchResult(batch, answer.outcome(), answer.body(), spec.reportBatchItemFailures());
            String span = batch.size() + " record" + (batch.size() == 1 ? "" : "s") + " " + sequence(batch.get(0)) + ".."
                    + sequence(batch.get(batch.size() - 1));
            if (result.kind() == Kind.DONE) {
                forwarded += batch.size();
                log.accept(String.format(Locale.ROOT, "%s: %s %.0f ms", span, retries > 0 ? "retried, done" : "done", took));
                continue;
            }
            List<Record> failedRecords = batch;
            boolean functionError = result.kind() == Kind.FUNCTION_ERROR;
            String why;
            if (result.kind() == Kind.PARTIAL) {
                forwarded += result.retryFrom();
                failedRecords = batch.subList(result.retryFrom(), batch.size());
                why = "the function reported " + sequence(failedRecords.get(0)) + " as its first failed record";
            } else if (functionError) {
                String shortened = shorten(answer.detail(), answer.body());
                why = "the function failed (" + answer.outcome() + (shortened.isEmpty() ? "" : ": " + shortened) + ")";
                if (spec.bisect() && batch.size() > 1) {
                    log.accept(span + ": " + why + "; split in two");
                    split(work, batch, retries);
                    continue;
                }
            } else {
                why = "its answer names no record of the batch, so the whole batch failed: " + shorten("", answer.body());
            }
            if (spec.maximumRetryAttempts() >= 0 && retries >= spec.maximumRetryAttempts()) {
                ObjectNode record = failureRecord(functionArn, streamArn, shardId, failedRecords, retries + 1, functionError);
                failed += failedRecords.size();
                forwarded += failedRecords.size();
                log.accept(span + ": " + why + "; retries used up (" + spec.maximumRetryAttempts()
                        + "): to the on-failure destination: " + record);
                try {
                    onFailure.accept(record);
                } catch (RuntimeException e) { // the destination failing must not stop the stream
                    log.accept("the on-failure destination failed: " + e);
                }
                continue;
            }
            double delay = Math.min(5.0, 0.5 * Math.pow(2, retries));
            log.accept(String.format(Locale.ROOT, "%s: %s; retry %d%s in %.1f s", span, why, retries + 1,
                    spec.maximumRetryAttempts() < 0 ? "" : " of " + spec.maximumRetryAttempts(), delay));
            sleeper.sleep(delay);
            work.addFirst(new Work(failedRecords, retries + 1));
        }
        return true;
    }

    private static void split(Deque<Work> work, List<Record> batch, int retries) {
        int half = batch.size() / 2;
        work.addFirst(new Work(batch.subList(half, batch.size()), retries));
        work.addFirst(new Work(batch.subList(0, half), retries));
    }

    public static String sequence(Record record) {
        return record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
    }

    /**
     * What Lambda makes of one invocation's answer for {@code records}. Not {@code response}: FUNCTION_ERROR.
     * Without ReportBatchItemFailures any answer is DONE. With it, {@code {"batchItemFailures":[{"itemIdentifier":
     * "<sequence number>"}]}}: PARTIAL from the lowest sequence number named; an empty or missing list is DONE;
     * an identifier that is empty, missing or not in the batch, or an answer that is not a JSON object, is BAD_ANSWER.
     */
    public static BatchResult batchResult(List<Record> records, String outcome, byte[] body, boolean reportBatchItemFailures) {
        if (!"response".equals(outcome)) {
            return new BatchResult(Kind.FUNCTION_ERROR, 0);
        }
        if (!reportBatchItemFailures) {
            return new BatchResult(Kind.DONE, 0);
        }
        JsonNode answer;
        try {
            answer = body == null || new String(body, StandardCharsets.UTF_8).isBlank() ? null : STRICT.readTree(body);
        } catch (IOException e) {
            return new BatchResult(Kind.BAD_ANSWER, 0);
        }
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            return new BatchResult(Kind.DONE, 0);
        }
        if (!answer.isObject()) {
            return new BatchResult(Kind.BAD_ANSWER, 0);
        }
        JsonNode failures = answer.path("batchItemFailures");
        if (isEmpty(failures)) {
            return new BatchResult(Kind.DONE, 0);
        }
        if (!failures.isArray()) {
            return new BatchResult(Kind.BAD_ANSWER, 0);
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            positions.putIfAbsent(sequence(records.get(i)), i);
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode identifier = failure.path("itemIdentifier");
            Integer at = identifier.isTextual() ? positions.get(identifier.asText()) : null;
            if (at == null) {
                return new BatchResult(Kind.BAD_ANSWER, 0);
            }
            first = Math.min(first, at);
        }
        return new BatchResult(Kind.PARTIAL, first);
    }

    /** What counts as no failures: absent, null, an empty list or object, "", 0, false. */
    private static boolean isEmpty(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.isContainerNode() && node.isEmpty()
                || node.isTextual() && node.asText().isEmpty() || node.isNumber() && node.asDouble() == 0
                || node.isBoolean() && !node.asBoolean();
    }

    /** What Lambda sends an on-failure destination when a stream batch's retries are used up. */
    public static ObjectNode failureRecord(String functionArn, String streamArn, String shardId, List<Record> records,
                                           int invocations, boolean functionError) {
        ObjectNode out = JSON.createObjectNode();
        out.putObject("requestContext").put("requestId", UUID.randomUUID().toString()).put("functionArn", functionArn)
                .put("condition", "RetryAttemptsExhausted").put("approximateInvokeCount", invocations);
        ObjectNode response = out.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST");
        if (functionError) {
            response.put("functionError", "Unhandled");
        }
        out.put("version", "1.0");
        out.put("timestamp", MILLIS.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        Record first = records.get(0);
        Record last = records.get(records.size() - 1);
        out.putObject("DDBStreamBatchInfo").put("shardId", shardId).put("startSequenceNumber", sequence(first))
                .put("endSequenceNumber", sequence(last)).put("approximateArrivalOfFirstRecord", arrival(first))
                .put("approximateArrivalOfLastRecord", arrival(last)).put("batchSize", records.size())
                .put("streamArn", streamArn);
        return out;
    }

    private static String arrival(Record record) {
        Instant at = record.dynamodb() == null ? null : record.dynamodb().approximateCreationDateTime();
        return at == null ? null : SECONDS.format(Instant.ofEpochSecond(at.getEpochSecond()));
    }

    private static String shorten(String detail, byte[] body) {
        String text = detail == null ? "" : detail;
        if (body != null && body.length > 0) {
            String start = new String(body, 0, Math.min(300, body.length), StandardCharsets.UTF_8);
            text = (text.isEmpty() ? "" : text + " ") + start;
        }
        return text.strip();
    }
}
