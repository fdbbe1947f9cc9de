package dev.userapptokens.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.userapptokens.localdynamodb.StreamMapping;
import dev.userapptokens.localdynamodb.StreamReader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The audit table's stream driven as Lambda's event source mapping drives it: a batch of
 * records to the function, and on a reported failure the same records again from the one it
 * names, until the function takes them all (the answer read by the fixture's
 * {@link StreamMapping#batchResult}, the local run's rule).
 */
final class AuditStream implements AutoCloseable {

    private final StreamReader reader;

    /** Starts after everything already on the stream. */
    AuditStream() {
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .endpointOverride(LocalAws.shared().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        reader = new StreamReader(streams, LocalAws.shared().client(), LocalAws.tables().audit());
        while (!reader.poll(1000).isEmpty()) {
            // skip what earlier tests wrote
        }
    }

    List<Record> newRecords() {
        List<Record> all = new ArrayList<>();
        for (List<Record> batch = reader.poll(1000); !batch.isEmpty(); batch = reader.poll(1000)) {
            all.addAll(batch);
        }
        return all;
    }

    /** One invocation: the sequence number the function asks to retry from, or null. */
    String invoke(List<Record> records) {
        StreamMapping.BatchResult result = result(records);
        return result.kind() == StreamMapping.Kind.PARTIAL ? StreamMapping.sequence(records.get(result.retryFrom())) : null;
    }

    /** Invokes until the function takes every record, retrying from the record it names; returns the invocations. */
    int deliver(List<Record> records) {
        List<Record> pending = records;
        for (int invocations = 1; invocations <= 20; invocations++) {
            StreamMapping.BatchResult result = result(pending);
            if (result.kind() == StreamMapping.Kind.DONE) {
                return invocations;
            }
            if (result.kind() != StreamMapping.Kind.PARTIAL) {
                throw new AssertionError("the function's answer names no record it was given: " + result);
            }
            pending = pending.subList(result.retryFrom(), pending.size());
        }
        throw new AssertionError("the function keeps failing");
    }

    /** One invocation, and what Lambda's event source mapping makes of its answer (ReportBatchItemFailures). */
    private StreamMapping.BatchResult result(List<Record> records) {
        byte[] answer = Lambda.invoke(reader.lambdaEvent(records)).toString().getBytes(StandardCharsets.UTF_8);
        return StreamMapping.batchResult(records, "response", answer, true);
    }

    @Override
    public void close() {
        reader.close();
    }
}
