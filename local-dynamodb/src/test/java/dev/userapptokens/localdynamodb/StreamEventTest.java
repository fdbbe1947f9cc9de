package dev.userapptokens.localdynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Lambda's DynamoDB event as StreamReader renders it, and what Lambda makes of a batch's answer. */
class StreamEventTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/p-audit/stream/2025-12-03T00:00:00.000";

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** A GetRecords record as the engine answers it: sequence number 1000 + n, created at 12:00:00.75 + n s. */
    static Record record(int n, Map<String, AttributeValue> image) {
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put("stream", s("audit"));
        keys.put("seq", s("s" + n));
        Map<String, AttributeValue> newImage = image;
        if (newImage == null) {
            newImage = new LinkedHashMap<>(keys);
            newImage.put("action", s("TOKEN_CREATED"));
        }
        return Record.builder().eventID("e" + n).eventName("INSERT").eventVersion("1.1").eventSource("aws:dynamodb")
                .awsRegion("us-east-1").dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.ofEpochMilli(1764763200750L + n * 1000L)).keys(keys)
                        .newImage(newImage).sequenceNumber(String.format("%024d", 1000 + n)).sizeBytes(120L + n)
                        .streamViewType("NEW_IMAGE").build()).build();
    }

    static Record record(int n) {
        return record(n, null);
    }

    static JsonNode event(List<Record> records) throws Exception {
        return JSON.readTree(StreamReader.lambdaEvent(records, ARN));
    }

    @Test
    void aRecordRendersFieldForField() {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("seq", s("s1"));
        image.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1})));
        image.put("n", AttributeValue.fromNul(true));
        image.put("roles", AttributeValue.fromSs(List.of("A", "B")));
        image.put("m", AttributeValue.fromM(Map.of("x", AttributeValue.fromN("1"))));
        image.put("l", AttributeValue.fromL(List.of(AttributeValue.fromBool(false))));
        assertEquals("{\"Records\":[{\"eventID\":\"e1\",\"eventName\":\"INSERT\",\"eventVersion\":\"1.1\",\"eventSource\":"
                + "\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"eventSourceARN\":\"" + ARN + "\",\"dynamodb\":"
                + "{\"ApproximateCreationDateTime\":1764763201,\"Keys\":{\"stream\":{\"S\":\"audit\"},\"seq\":{\"S\":\"s1\"}},"
                + "\"NewImage\":{\"seq\":{\"S\":\"s1\"},\"b\":{\"B\":\"AAE=\"},\"n\":{\"NULL\":true},\"roles\":{\"SS\":[\"A\",\"B\"]},"
                + "\"m\":{\"M\":{\"x\":{\"N\":\"1\"}}},\"l\":{\"L\":[{\"BOOL\":false}]}},\"SequenceNumber\":"
                + "\"000000000000000000001001\",\"SizeBytes\":121,\"StreamViewType\":\"NEW_IMAGE\"}}]}",
                StreamReader.lambdaEvent(List.of(record(1, image)), ARN));
    }

    @Test
    void absentPartsStayAbsentAndAnOldImageIsKept() throws Exception {
        Record removed = record(2).toBuilder().eventName("REMOVE").dynamodb(record(2).dynamodb().toBuilder()
                .approximateCreationDateTime(null).newImage(null).oldImage(Map.of("seq", s("s2"))).build()).build();
        List<String> fields = new ArrayList<>();
        event(List.of(removed)).path("Records").get(0).path("dynamodb").fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("Keys", "OldImage", "SequenceNumber", "SizeBytes", "StreamViewType"), fields);
    }

    @Test
    void theSampleEventIsThisShape() throws Exception {
        JsonNode sample = JSON.readTree(Files.readString(TemplateTables.findTemplate().resolveSibling("infra/events")
                .resolve("audit-stream-token-created.json"), StandardCharsets.UTF_8)).path("Records").get(0);
        JsonNode d = sample.path("dynamodb");
        Record parsed = Record.builder().eventID(sample.path("eventID").asText()).eventName(sample.path("eventName").asText())
                .eventVersion(sample.path("eventVersion").asText()).awsRegion(sample.path("awsRegion").asText())
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(
                                Instant.ofEpochSecond(d.path("ApproximateCreationDateTime").asLong()))
                        .keys(image(d.path("Keys"))).newImage(image(d.path("NewImage")))
                        .sequenceNumber(d.path("SequenceNumber").asText()).sizeBytes(d.path("SizeBytes").asLong())
                        .streamViewType(d.path("StreamViewType").asText()).build()).build();
        String arn = sample.path("eventSourceARN").asText();
        assertEquals(sample, JSON.readTree(StreamReader.lambdaEvent(List.of(parsed), arn)).path("Records").get(0));
    }

    private static Map<String, AttributeValue> image(JsonNode node) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> out.put(f.getKey(), s(f.getValue().path("S").asText())));
        return out;
    }

    @Test
    void recordsKeepTheirOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        event(List.of(record(3), record(1), record(2))).path("Records").forEach(r -> ids.add(r.path("eventID").asText()));
        assertEquals(List.of("e3", "e1", "e2"), ids);
    }

    // --- what Lambda makes of the answer (ReportBatchItemFailures) -----------------------------------

    static final List<Record> BATCH = List.of(record(0), record(1), record(2), record(3));

    static StreamMapping.BatchResult result(String answer, String outcome, boolean report) {
        return StreamMapping.batchResult(BATCH, outcome, answer.getBytes(StandardCharsets.UTF_8), report);
    }

    static StreamMapping.BatchResult result(String answer) {
        return result(answer, "response", true);
    }

    /** {"batchItemFailures":[...]} naming records of BATCH by number, or identifiers as given. */
    static String failures(Object... items) {
        var list = JSON.createObjectNode().putArray("batchItemFailures");
        for (Object item : items) {
            list.addObject().put("itemIdentifier", item instanceof Integer n ? StreamMapping.sequence(BATCH.get(n)) : (String) item);
        }
        return "{\"batchItemFailures\":" + list + "}";
    }

    static final StreamMapping.BatchResult DONE = new StreamMapping.BatchResult(StreamMapping.Kind.DONE, 0);
    static final StreamMapping.BatchResult BAD = new StreamMapping.BatchResult(StreamMapping.Kind.BAD_ANSWER, 0);

    static StreamMapping.BatchResult partial(int from) {
        return new StreamMapping.BatchResult(StreamMapping.Kind.PARTIAL, from);
    }

    @Test
    void success() {
        for (String answer : List.of("{\"batchItemFailures\":[]}", "{\"batchItemFailures\":null}", "{}", "", "null")) {
            assertEquals(DONE, result(answer), answer);
        }
    }

    @Test
    void retryFromTheLowestSequenceNumberNamed() {
        assertEquals(partial(2), result(failures(2)));
        assertEquals(partial(1), result(failures(3, 1, 2)));
        assertEquals(partial(0), result(failures(0)));
    }

    @Test
    void anIdentifierThatIsEmptyMissingOrNotInTheBatchFailsTheWholeBatch() {
        for (String answer : List.of(failures(""), failures("000000000000000000009999"), failures(1, "nope"),
                "{\"batchItemFailures\":[{\"id\":\"x\"}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
                "{\"batchItemFailures\":\"x\"}", "[1]", "not json", "{} x")) {
            assertEquals(BAD, result(answer), answer);
        }
    }

    @Test
    void aFunctionErrorFailsTheBatch() {
        for (String outcome : List.of("error", "crash", "timeout", "unavailable", "init-error")) {
            assertEquals(StreamMapping.Kind.FUNCTION_ERROR, result("{}", outcome, true).kind(), outcome);
        }
    }

    @Test
    void withoutReportBatchItemFailuresAnAnswerIsSuccess() {
        assertEquals(DONE, result(failures(1), "response", false));
        assertEquals(DONE, result("garbage", "response", false));
    }
}
