package dev.userapptokens.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The audit table's DynamoDB stream event in ({@code QUARKUS_LAMBDA_HANDLER=audit-stream}), a
 * StreamsEventResponse out: {@code {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}}
 * naming the first record to retry, or an empty list. The event source mapping must set
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]}.
 */
@Named(StreamHandler.NAME)
@Singleton
public class StreamHandler implements RequestStreamHandler {

    public static final String NAME = "audit-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChangeForwarder forwarder;

    public StreamHandler(ChangeForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String retryFrom = forwarder.forward(event == null ? JSON.createArrayNode() : event.path("Records"));
        ObjectNode response = JSON.createObjectNode();
        var failures = response.putArray("batchItemFailures");
        if (retryFrom != null) {
            failures.addObject().put("itemIdentifier", retryFrom);
        }
        output.write(JSON.writeValueAsBytes(response));
    }
}
