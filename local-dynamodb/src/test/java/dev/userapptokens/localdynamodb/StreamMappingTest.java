package dev.userapptokens.localdynamodb;

import static dev.userapptokens.localdynamodb.StreamEventTest.ARN;
import static dev.userapptokens.localdynamodb.StreamEventTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Lambda's event source mapping rules, with a fake stream and a fake function. */
class StreamMappingTest {

    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:Fn";
    static final Invoker.Answer OK = answer("response", "{\"batchItemFailures\":[]}");

    /** One shard whose records are a list; iterators name a position, each GetRecords answer hands a new one. */
    static final class FakeStream implements StreamSource {
        final List<Record> items;
        final List<String> calls = new ArrayList<>();
        IntConsumer beforeRecords = calls -> { };

        FakeStream(List<Record> items) {
            this.items = items;
        }

        @Override
        public String streamArn() {
            return ARN;
        }

        @Override
        public List<Shard> shards(String streamArn) {
            return List.of(new Shard("shardId-1", null));
        }

        @Override
        public String iterator(String streamArn, String shardId, String type, String sequenceNumber) {
            calls.add("GetShardIterator " + type);
            int at = switch (type) {
                case "TRIM_HORIZON" -> 0;
                case "AFTER_SEQUENCE_NUMBER" -> items.stream().map(StreamMapping::sequence).toList().indexOf(sequenceNumber) + 1;
                default -> items.size();
            };
            return "it:" + at;
        }

        @Override
        public Page records(String iterator, int limit) {
            beforeRecords.accept(calls.size());
            calls.add("GetRecords " + iterator + " " + limit);
            int position = Integer.parseInt(iterator.substring(3));
            List<Record> got = List.copyOf(items.subList(position, Math.min(items.size(), position + limit)));
            return new Page(got, "it:" + (position + got.size()));
        }
    }

    /** Answers each batch with answer(record numbers); keeps the batches. */
    static final class FakeFunction implements Invoker {
        final Function<List<Integer>, Answer> answer;
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final List<Integer> sizes = new ArrayList<>();

        FakeFunction(Function<List<Integer>, Answer> answer) {
            this.answer = answer;
        }

        FakeFunction() {
            this(numbers -> OK);
        }

        @Override
        public Answer invoke(byte[] event) {
            List<Integer> numbers = new ArrayList<>();
            try {
                StreamEventTest.JSON.readTree(event).path("Records")
                        .forEach(r -> numbers.add(Integer.parseInt(r.path("eventID").asText().substring(1))));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            batches.add(numbers);
            sizes.add(event.length);
            return answer.apply(numbers);
        }
    }

    static Invoker.Answer answer(String outcome, String body) {
        return new Invoker.Answer(outcome, body.getBytes(StandardCharsets.UTF_8), "");
    }

    static Invoker.Answer failing(int n) {
        return answer("response", "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + String.format("%024d", 1000 + n) + "\"}]}");
    }

    static Function<List<Integer>, Invoker.Answer> inTurn(List<Invoker.Answer> answers, Invoker.Answer then) {
        Iterator<Invoker.Answer> next = answers.iterator();
        return numbers -> next.hasNext() ? next.next() : then;
    }

    static List<Record> records(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(StreamEventTest::record).toList());
    }

    final List<Double> slept = new ArrayList<>();
    final List<ObjectNode> failures = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    final double[] now = {0};
    FakeStream source;

    /** The template's kind of mapping (TRIM_HORIZON, 100, no window, 10 retries, bisect, report) with changes. */
    StreamMapping mapping(List<Record> records, Invoker function, Map<String, Object> changes) {
        ObjectNode spec = StreamEventTest.JSON.createObjectNode().put("id", "M").put("function", "Fn").put("table", "p-audit")
                .put("startingPosition", "TRIM_HORIZON").put("batchSize", 100).put("maximumBatchingWindowInSeconds", 0)
                .put("maximumRetryAttempts", 10).put("bisectBatchOnFunctionError", true).put("reportBatchItemFailures", true);
        changes.forEach((k, v) -> spec.set(k, StreamEventTest.JSON.valueToTree(v)));
        source = new FakeStream(records);
        return new StreamMapping(StreamMapping.Spec.of(spec), source, function, lines::add, FUNCTION_ARN, failures::add,
                seconds -> {
                    slept.add(seconds);
                    now[0] += seconds;
                }, () -> now[0], 0.5);
    }

    StreamMapping mapping(List<Record> records, Invoker function) {
        return mapping(records, function, Map.of());
    }

    @Test
    void trimHorizonThenEachNextIteratorInBatchesOfBatchSize() {
        List<Record> records = records(250);
        FakeFunction function = new FakeFunction();
        StreamMapping m = mapping(records, function);
        while (m.poll()) {
            // until the shard is read
        }
        assertEquals(List.of(range(0, 100), range(100, 200), range(200, 250)), function.batches);
        assertEquals(List.of("GetShardIterator TRIM_HORIZON", "GetRecords it:0 100", "GetRecords it:100 100",
                "GetRecords it:200 100", "GetRecords it:250 100"), source.calls,
                "one iterator at the start, then always the one GetRecords answered");
        records.add(record(250));
        assertTrue(m.poll());
        assertEquals(List.of(250), function.batches.get(function.batches.size() - 1), "a record written later comes next");
        assertEquals(251, m.forwarded());
        assertEquals(List.of(), failures);
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void latestSkipsWhatWasThereAtTheStart() {
        List<Record> records = records(3);
        FakeFunction function = new FakeFunction();
        StreamMapping m = mapping(records, function, Map.of("startingPosition", "LATEST"));
        assertFalse(m.poll());
        records.add(record(3));
        assertTrue(m.poll());
        assertEquals(List.of(List.of(3)), function.batches);
    }

    @Test
    void theBatchingWindowWaitsForMoreRecordsUpToItsLength() {
        List<Record> records = records(1);
        FakeFunction function = new FakeFunction();
        StreamMapping m = mapping(records, function, Map.of("maximumBatchingWindowInSeconds", 1, "batchSize", 3));
        source.beforeRecords = calls -> {
            if (calls == 3) { // a record arrives while the window is open
                records.add(record(1));
            }
        };
        assertTrue(m.poll());
        assertEquals(List.of(List.of(0, 1)), function.batches);
        double waited = slept.stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(waited <= 1.0 + 1e-9, "never longer than the window: " + slept);
        assertTrue(waited > 0, "it waited");
    }

    @Test
    void aPartialFailureIsRetriedFromTheReportedRecord() {
        FakeFunction function = new FakeFunction(inTurn(List.of(failing(2)), OK));
        StreamMapping m = mapping(records(4), function);
        m.poll();
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(2, 3)), function.batches);
        assertEquals(List.of(), failures);
        assertEquals(4, m.forwarded());
        assertEquals(List.of(0.5), slept, "one back-off before the retry");
        assertTrue(lines.contains("4 records 000000000000000000001000..000000000000000000001003: the function reported "
                + "000000000000000000001002 as its first failed record; retry 1 of 10 in 0.5 s"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("2 records \\d+\\.\\.\\d+: retried, done \\d+ ms")), lines.toString());
    }

    @Test
    void retriesAreBoundedThenTheFailedRecordsGoToTheOnFailureDestinationAndReadingGoesOn() {
        List<Record> records = records(4);
        FakeFunction function = new FakeFunction(numbers -> numbers.contains(1) ? failing(1) : answer("response", "{}"));
        StreamMapping m = mapping(records, function, Map.of("maximumRetryAttempts", 2));
        m.poll();
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(1, 2, 3), List.of(1, 2, 3)), function.batches,
                "the batch, then 2 retries");
        assertEquals(1, failures.size());
        JsonNode record = failures.get(0);
        assertEquals("RetryAttemptsExhausted", record.path("requestContext").path("condition").asText());
        assertEquals(3, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals(FUNCTION_ARN, record.path("requestContext").path("functionArn").asText());
        assertTrue(record.path("responseContext").path("functionError").isMissingNode(), "the function answered");
        assertEquals(StreamEventTest.JSON.createObjectNode().put("shardId", "shardId-1")
                .put("startSequenceNumber", "000000000000000000001001").put("endSequenceNumber", "000000000000000000001003")
                .put("approximateArrivalOfFirstRecord", "2025-12-03T12:00:01Z")
                .put("approximateArrivalOfLastRecord", "2025-12-03T12:00:03Z").put("batchSize", 3).put("streamArn", ARN),
                record.path("DDBStreamBatchInfo"));
        assertTrue(record.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), record.toString());
        assertEquals(List.of(0.5, 1.0), slept, "backing off between retries");
        assertTrue(lines.stream().anyMatch(l -> l.contains("retries used up (2): to the on-failure destination")), lines.toString());
        records.add(record(4));
        m.poll();
        assertEquals(List.of(4), function.batches.get(function.batches.size() - 1), "reading goes on after the failed records");
        assertEquals(List.of(5L, 3L), List.of(m.forwarded(), m.failed()));
    }

    @Test
    void aFunctionErrorSplitsTheBatchInTwoAndKeepsTheOrder() {
        FakeFunction function = new FakeFunction(numbers -> numbers.contains(2)
                ? answer("error", "{\"errorMessage\":\"boom\"}") : answer("response", "{}"));
        StreamMapping m = mapping(records(4), function, Map.of("maximumRetryAttempts", 1));
        m.poll();
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(0, 1), List.of(2, 3), List.of(2), List.of(2), List.of(3)),
                function.batches, "halves in order; a split is no retry; the single failing record retried once");
        assertEquals(1, failures.size());
        JsonNode record = failures.get(0);
        assertEquals("Unhandled", record.path("responseContext").path("functionError").asText());
        assertEquals(1, record.path("DDBStreamBatchInfo").path("batchSize").asInt());
        assertEquals(2, record.path("requestContext").path("approximateInvokeCount").asInt());
        assertEquals("000000000000000000001002", record.path("DDBStreamBatchInfo").path("startSequenceNumber").asText());
        assertTrue(lines.get(0).endsWith("the function failed (error: {\"errorMessage\":\"boom\"}); split in two"), lines.get(0));
    }

    @Test
    void withoutBisectAFunctionErrorRetriesTheWholeBatch() {
        FakeFunction function = new FakeFunction(inTurn(List.of(answer("crash", ""), answer("timeout", "")),
                answer("response", "{}")));
        StreamMapping m = mapping(records(3), function, Map.of("bisectBatchOnFunctionError", false));
        m.poll();
        assertEquals(List.of(List.of(0, 1, 2), List.of(0, 1, 2), List.of(0, 1, 2)), function.batches);
        assertEquals(List.of(), failures);
    }

    @Test
    void anAnswerNamingNoRecordOfTheBatchRetriesTheWholeBatchWithoutASplit() {
        FakeFunction function = new FakeFunction(inTurn(List.of(answer("response",
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"nope\"}]}")), answer("response", "{}")));
        StreamMapping m = mapping(records(3), function);
        m.poll();
        assertEquals(List.of(List.of(0, 1, 2), List.of(0, 1, 2)), function.batches);
        assertTrue(lines.get(0).contains("its answer names no record of the batch, so the whole batch failed"), lines.get(0));
    }

    @Test
    void minusOneRetriesUntilItSucceeds() {
        FakeFunction function = new FakeFunction(inTurn(java.util.Collections.nCopies(12, failing(0)), answer("response", "{}")));
        StreamMapping m = mapping(records(1), function, Map.of("maximumRetryAttempts", -1));
        m.poll();
        assertEquals(13, function.batches.size());
        assertEquals(List.of(), failures);
        assertEquals(5.0, slept.stream().mapToDouble(Double::doubleValue).max().orElse(0), "the back-off is capped");
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("; retry 12 in 5.0 s")), lines.toString());
    }

    @Test
    void stoppingWhileRetryingSendsNothingToTheOnFailureDestination() {
        StreamMapping[] m = new StreamMapping[1];
        FakeFunction function = new FakeFunction(numbers -> {
            m[0].requestStop();
            return answer("unavailable", "");
        });
        m[0] = mapping(records(1), function, Map.of("maximumRetryAttempts", 0));
        m[0].poll();
        assertEquals(List.of(List.of(0)), function.batches);
        assertEquals(List.of(), failures);
    }

    @Test
    void aBatchOverLambdasPayloadLimitIsSplitBeforeItIsInvoked() {
        Map<String, AttributeValue> big = Map.of("seq", AttributeValue.fromS("x"), "blob", AttributeValue.fromS("x".repeat(400 * 1024)));
        FakeFunction function = new FakeFunction();
        List<Record> records = new ArrayList<>(IntStream.range(0, 20).mapToObj(n -> record(n, big)).toList());
        StreamMapping m = mapping(records, function);
        m.poll();
        assertEquals(range(0, 20), function.batches.stream().flatMap(List::stream).toList());
        assertTrue(function.batches.size() > 1);
        assertTrue(function.sizes.stream().allMatch(size -> size <= StreamMapping.MAX_EVENT), function.sizes.toString());
    }

    @Test
    void itsThreadReadsTheStreamAndStops() throws InterruptedException {
        FakeFunction function = new FakeFunction();
        StreamMapping m = new StreamMapping(StreamMapping.Spec.of(StreamEventTest.JSON.createObjectNode().put("id", "M")),
                new FakeStream(records(1)), function, line -> { }, "arn", null, null, null, 0.01);
        m.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (function.batches.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        m.stop(2);
        assertEquals(List.of(List.of(0)), function.batches);
        assertFalse(m.isAlive());
    }

    @Test
    void anExpiredIteratorIsRenewedAfterTheLastRecordRead() {
        List<Record> records = records(2);
        FakeFunction function = new FakeFunction();
        StreamMapping m = mapping(records, function);
        boolean[] expired = {false};
        source.beforeRecords = calls -> {
            if (calls == 2 && !expired[0]) {
                expired[0] = true;
                throw software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException.builder().message("old").build();
            }
        };
        assertTrue(m.poll());
        records.add(record(2));
        assertTrue(m.poll());
        assertEquals(List.of(List.of(0, 1), List.of(2)), function.batches);
        assertEquals("GetShardIterator AFTER_SEQUENCE_NUMBER", source.calls.get(2), source.calls.toString());
    }
}
