package dev.userapptokens.localdynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local run's events on moto: the buses and queues {@link LocalEvents} creates, and the template's
 * stream mapping taking a record written to the audit table to the function through a control endpoint
 * (a stand-in for start-api's, speaking its protocol), and a record the function fails on to the
 * dead-letter queue.
 */
class LocalEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(String path, String authorization, JsonNode event) {
    }

    @Test
    void theBusesQueuesAndStreamMappingOfTheTemplateRunOnTheEngine() throws Exception {
        BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.createContext("/", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            calls.add(new Call(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"), event));
            boolean poison = event.toString().contains("poison");
            byte[] body = (poison ? "{\"errorMessage\":\"boom\"}" : "{\"batchItemFailures\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Invocation-Outcome", poison ? "error" : "response");
            exchange.getResponseHeaders().add("X-Invocation-Detail", poison ? "RuntimeException" : "");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        control.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (LocalDynamo local = LocalDynamo.start()) {
            ObjectNode deployment = LocalDeployment.describe(TemplateYaml.read(TemplateTables.findTemplate()), local.prefix(),
                    Map.of());
            ((ObjectNode) deployment.path("streams").get(0)).put("maximumRetryAttempts", 0);
            String stack = deployment.path("stackName").asText();
            try (LocalEvents events = LocalEvents.setUp(deployment, local.endpoint(), LocalDynamo.REGION);
                 SqsClient sqs = client(SqsClient.builder(), local.endpoint());
                 EventBridgeClient bridge = client(EventBridgeClient.builder(), local.endpoint())) {
                JsonNode described = events.describe();
                assertEquals(JSON.createArrayNode().add(stack + "-events"), described.path("buses"));
                String watch = described.path("watchQueueUrl").asText();
                assertTrue(watch.endsWith("/" + stack + "-watch"), watch);
                String deadLetters = described.path("deadLetterQueueUrls").path("EventsDeadLetterQueue").asText();
                assertTrue(deadLetters.endsWith("/" + stack + "-EventsDeadLetterQueue"), described.toString());

                bridge.putEvents(p -> p.entries(PutEventsRequestEntry.builder().eventBusName(stack + "-events")
                        .source("user-app-tokens").detailType("UserCreated").detail("{\"n\":1}").build()));
                List<Message> watched = sqs.receiveMessage(r -> r.queueUrl(watch).waitTimeSeconds(10)).messages();
                assertEquals(1, watched.size(), "every event on the bus reaches the watch queue");
                JsonNode arrived = JSON.readTree(watched.get(0).body());
                assertEquals("UserCreated", arrived.path("detail-type").asText(), arrived.toString());
                assertEquals(1, arrived.path("detail").path("n").asInt(), arrived.toString());

                events.startMappings(URI.create("http://127.0.0.1:" + control.getAddress().getPort() + "/"), "the-key", lines::add);
                String audit = TemplateTables.localName(local.prefix(), "AuditTable");
                local.client().putItem(p -> p.tableName(audit).item(Map.of("stream", AttributeValue.fromS("audit"),
                        "seq", AttributeValue.fromS("1#first"), "action", AttributeValue.fromS("TOKEN_CREATED"))));
                Call call = calls.poll(20, TimeUnit.SECONDS);
                assertTrue(call != null, "the record reached the function: " + lines);
                assertEquals("/invoke/EventsFunction", call.path());
                assertEquals("Bearer the-key", call.authorization());
                JsonNode first = call.event().path("Records").get(0);
                assertEquals("INSERT", first.path("eventName").asText());
                assertEquals("1#first", first.path("dynamodb").path("NewImage").path("seq").path("S").asText());
                assertTrue(first.path("eventSourceARN").asText().startsWith("arn:aws:dynamodb:"), first.toString());

                local.client().putItem(p -> p.tableName(audit).item(Map.of("stream", AttributeValue.fromS("audit"),
                        "seq", AttributeValue.fromS("2#poison"))));
                List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(20)).messages();
                assertEquals(1, dead.size(), "the failed record went to the dead-letter queue: " + lines);
                JsonNode info = JSON.readTree(dead.get(0).body()).path("DDBStreamBatchInfo");
                assertEquals(1, info.path("batchSize").asInt(), info.toString());
                assertEquals(first.path("eventSourceARN").asText(), info.path("streamArn").asText());
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("[EventsStreamMapping] 1 record ")
                        && l.contains("the function failed (error: RuntimeException {\"errorMessage\":\"boom\"})")), lines.toString());
            }
        } finally {
            control.stop(0);
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.of(LocalDynamo.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
