package dev.userapptokens.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SQS queue that a rule on the bus targets, as a subscriber would set one up. */
final class Inbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;

    /** Receives the bus's events whose detail-type is one of {@code detailTypes}. */
    Inbox(String... detailTypes) {
        sqs = SqsClient.builder().endpointOverride(LocalAws.shared().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        String name = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
        queueUrl = sqs.createQueue(c -> c.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        var pattern = JSON.createObjectNode();
        pattern.putArray("source").add(Bus.SOURCE);
        var types = pattern.putArray("detail-type");
        for (String type : detailTypes) {
            types.add(type);
        }
        try (EventBridgeClient events = LocalAws.eventBridge()) {
            events.putRule(r -> r.name(name).eventBusName(LocalAws.BUS).eventPattern(pattern.toString()));
            events.putTargets(t -> t.rule(name).eventBusName(LocalAws.BUS).targets(g -> g.id("inbox").arn(arn)));
        }
    }

    /** Everything that has arrived so far (the bus delivers to moto's queues synchronously), oldest first. */
    List<JsonNode> drain() {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return events;
            }
            for (Message m : messages) {
                try {
                    events.add(JSON.readTree(m.body()));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + m.body(), e);
                }
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
