package dev.userapptokens.events;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

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
 * names (ReportBatchItemFailures), until the function takes them all.
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
        JsonNode failures = Lambda.invoke(reader.lambdaEvent(records)).path("batchItemFailures");
        return failures.isEmpty() ? null : failures.get(0).path("itemIdentifier").asText();
    }

    /** Invokes until the function takes every record, retrying from the record it names; returns the invocations. */
    int deliver(List<Record> records) {
        int invocations = 0;
        List<Record> pending = records;
        while (!pending.isEmpty()) {
            invocations++;
            if (invocations > 20) {
                throw new AssertionError("the function keeps failing");
            }
            String retryFrom = invoke(pending);
            if (retryFrom == null) {
                return invocations;
            }
            int from = indexOf(pending, retryFrom);
            pending = pending.subList(from, pending.size());
        }
        return invocations;
    }

    static int indexOf(List<Record> records, String sequence) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).dynamodb().sequenceNumber().equals(sequence)) {
                return i;
            }
        }
        throw new AssertionError("the function named a record it was not given: " + sequence);
    }

    @Override
    public void close() {
        reader.close();
    }
}
