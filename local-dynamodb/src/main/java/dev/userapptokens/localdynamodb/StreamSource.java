package dev.userapptokens.localdynamodb;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB Streams calls a {@link StreamMapping} makes. {@link #records} may throw the SDK's
 * {@code ExpiredIteratorException} or {@code TrimmedDataAccessException}, as GetRecords does.
 */
public interface StreamSource {

    record Shard(String id, String parent) {
    }

    /** One GetRecords answer; {@code next} is null when the shard is closed and read to its end. */
    record Page(List<Record> records, String next) {
    }

    String streamArn();

    List<Shard> shards(String streamArn);

    /** GetShardIterator of {@code type} (TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER with {@code sequenceNumber}). */
    String iterator(String streamArn, String shardId, String type, String sequenceNumber);

    Page records(String iterator, int limit);

    /** The stream of {@code table} on a DynamoDB endpoint. */
    static StreamSource of(DynamoDbStreamsClient streams, DynamoDbClient dynamo, String table) {
        return new StreamSource() {
            @Override
            public String streamArn() {
                String arn = dynamo.describeTable(d -> d.tableName(table)).table().latestStreamArn();
                if (arn == null) {
                    throw new IllegalStateException("table " + table + " has no stream (its StreamSpecification is missing)");
                }
                return arn;
            }

            @Override
            public List<Shard> shards(String streamArn) {
                List<Shard> shards = new ArrayList<>();
                String start = null;
                do {
                    String from = start;
                    DescribeStreamResponse answer = streams.describeStream(d -> d.streamArn(streamArn).exclusiveStartShardId(from));
                    answer.streamDescription().shards().forEach(s -> shards.add(new Shard(s.shardId(), s.parentShardId())));
                    start = answer.streamDescription().lastEvaluatedShardId();
                } while (start != null);
                return shards;
            }

            @Override
            public String iterator(String streamArn, String shardId, String type, String sequenceNumber) {
                return streams.getShardIterator(g -> g.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                        .sequenceNumber(sequenceNumber)).shardIterator();
            }

            @Override
            public Page records(String iterator, int limit) {
                GetRecordsResponse answer = streams.getRecords(g -> g.shardIterator(iterator).limit(limit));
                return new Page(answer.records(), answer.nextShardIterator());
            }
        };
    }
}
