package dev.userapptokens.localdynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB stream from its start, as Lambda's event source mapping does, and
 * renders what it read as the event Lambda hands a function ({@code {"Records":[...]}}, attribute
 * values in DynamoDB JSON). Each shard keeps its iterator between polls, so every record is
 * returned once, in stream order per shard.
 */
public final class StreamReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    public StreamReader(DynamoDbStreamsClient streams, DynamoDbClient dynamo, String table) {
        this.streams = streams;
        this.streamArn = dynamo.describeTable(d -> d.tableName(table)).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
    }

    /** Records not yet returned, oldest first (at most {@code limit}). */
    public List<Record> poll(int limit) {
        for (Shard shard : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(g -> g.streamArn(streamArn)
                    .shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        List<Record> records = new ArrayList<>();
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (shard.getValue() == null || records.size() >= limit) {
                continue;
            }
            int room = limit - records.size();
            GetRecordsResponse response = streams.getRecords(g -> g.shardIterator(shard.getValue()).limit(room));
            records.addAll(response.records());
            shard.setValue(response.nextShardIterator());
        }
        return records;
    }

    /** The Lambda event for {@code records}; empty records give no event worth sending. */
    public String lambdaEvent(List<Record> records) {
        return lambdaEvent(records, streamArn);
    }

    /**
     * Lambda's DynamoDB event for records of the stream {@code streamArn}, the one rendering (the tests' and
     * {@link StreamMapping}'s): eventID, eventName, eventVersion, eventSource, awsRegion, eventSourceARN, and
     * dynamodb with ApproximateCreationDateTime (whole epoch seconds, when present), Keys, NewImage and
     * OldImage (when present), SequenceNumber, SizeBytes, StreamViewType.
     */
    public static String lambdaEvent(List<Record> records, String streamArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (Record record : records) {
            ObjectNode r = list.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", record.eventVersion());
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", record.awsRegion());
            r.put("eventSourceARN", streamArn);
            ObjectNode body = r.putObject("dynamodb");
            var d = record.dynamodb();
            if (d.approximateCreationDateTime() != null) {
                body.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
            }
            body.set("Keys", DynamoJson.image(d.keys()));
            if (d.hasNewImage()) {
                body.set("NewImage", DynamoJson.image(d.newImage()));
            }
            if (d.hasOldImage()) {
                body.set("OldImage", DynamoJson.image(d.oldImage()));
            }
            body.put("SequenceNumber", d.sequenceNumber());
            body.put("SizeBytes", d.sizeBytes());
            body.put("StreamViewType", d.streamViewTypeAsString());
        }
        return event.toString();
    }

    public String streamArn() {
        return streamArn;
    }

    @Override
    public void close() {
        streams.close();
    }
}
