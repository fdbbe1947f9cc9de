package dev.userapptokens.localdynamodb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The events side of a local run ({@code uat-cli local-dynamodb}, for infra/local/start-api), on the local
 * engine (moto serves EventBridge, SQS and DynamoDB Streams on its one endpoint):
 * <ul>
 * <li>{@link #setUp}: each bus of the template under its local name (the one its functions'
 * {@code EVENT_BUS_NAME} holds); a queue {@code <stack>-watch} with a rule on each bus sending it every
 * event, to watch them arrive; an SQS queue for each stream mapping's on-failure destination.</li>
 * <li>{@link #startMappings}: each stream mapping of the template ({@link StreamMapping}) invoking its
 * function through start-api's control endpoint, its on-failure records sent to its queue.</li>
 * </ul>
 */
public final class LocalEvents implements AutoCloseable {

    /** moto's default account, as in the ARNs it makes. */
    public static final String ACCOUNT = "123456789012";
    private static final String EVERY_EVENT = "{\"source\":[{\"prefix\":\"\"}]}";

    private final JsonNode deployment;
    private final String region;
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final ObjectNode described = new ObjectMapper().createObjectNode();
    private final List<StreamMapping> mappings = new ArrayList<>();

    private LocalEvents(JsonNode deployment, URI endpoint, String region) {
        this.deployment = deployment;
        this.region = region;
        this.events = local(EventBridgeClient.builder(), endpoint, region);
        this.sqs = local(SqsClient.builder(), endpoint, region);
        this.dynamo = local(DynamoDbClient.builder(), endpoint, region);
        this.streams = local(DynamoDbStreamsClient.builder(), endpoint, region);
    }

    /** Creates the buses and queues of {@code deployment} ({@link LocalDeployment#describe}) on the engine. */
    public static LocalEvents setUp(JsonNode deployment, URI endpoint, String region) {
        LocalEvents local = new LocalEvents(deployment, endpoint, region);
        try {
            local.createBusesAndQueues();
            return local;
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    private void createBusesAndQueues() {
        String stack = deployment.path("stackName").asText("uat-local");
        var buses = described.putArray("buses");
        deployment.path("eventBuses").forEach(bus -> buses.add(bus.path("name").asText()));
        described.putNull("watchQueueUrl");
        ObjectNode deadLetters = described.putObject("deadLetterQueueUrls");
        if (!buses.isEmpty()) {
            String watch = stack + "-watch";
            String url = sqs.createQueue(q -> q.queueName(watch)).queueUrl();
            String arn = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            for (JsonNode name : buses) {
                String bus = name.asText();
                try {
                    events.createEventBus(b -> b.name(bus));
                } catch (ResourceAlreadyExistsException exists) {
                    // kept as it is
                }
                events.putRule(r -> r.name(watch).eventBusName(bus).eventPattern(EVERY_EVENT)
                        .description("the local run: every event to the queue to watch"));
                // The whole event, as without a transformer; but moto then runs its default one, which builds a
                // JSONPath parser 8 times per event (about 0.3 s): one path and <aws.events.event.json> cost one.
                events.putTargets(t -> t.rule(watch).eventBusName(bus).targets(Target.builder().id("watch").arn(arn)
                        .inputTransformer(InputTransformer.builder().inputPathsMap(Map.of("source", "$.source"))
                                .inputTemplate("<aws.events.event.json>").build()).build()));
            }
            described.put("watchQueueUrl", url);
        }
        for (JsonNode stream : deployment.path("streams")) {
            JsonNode failure = stream.path("onFailure");
            if ("AWS::SQS::Queue".equals(failure.path("type").asText())) {
                deadLetters.put(failure.path("id").asText(),
                        sqs.createQueue(q -> q.queueName(failure.path("name").asText())).queueUrl());
            }
        }
    }

    /** {buses: [name], watchQueueUrl: url | null, deadLetterQueueUrls: {on-failure destination id: url}}. */
    public ObjectNode describe() {
        return described.deepCopy();
    }

    /** Starts every stream mapping of the template, invoking through start-api's control endpoint with its key. */
    public synchronized void startMappings(URI control, String key, Consumer<String> log) {
        if (!mappings.isEmpty()) {
            throw new IllegalStateException("the stream mappings run already");
        }
        for (JsonNode stream : deployment.path("streams")) {
            StreamMapping.Spec spec = StreamMapping.Spec.of(stream);
            String queue = described.path("deadLetterQueueUrls").path(stream.path("onFailure").path("id").asText()).asText(null);
            Consumer<ObjectNode> onFailure = record -> {
                if (queue != null) {
                    sqs.sendMessage(m -> m.queueUrl(queue).messageBody(record.toString()));
                }
            };
            StreamMapping mapping = new StreamMapping(spec, StreamSource.of(streams, dynamo, spec.table()),
                    Invoker.http(control, spec.function(), key), line -> log.accept("[" + spec.id() + "] " + line),
                    "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + spec.function(), onFailure);
            mappings.add(mapping);
            mapping.start();
        }
    }

    public synchronized List<StreamMapping> mappings() {
        return List.copyOf(mappings);
    }

    /** Stops the mappings (an invocation in flight is abandoned) and closes the clients. */
    @Override
    public synchronized void close() {
        mappings.forEach(StreamMapping::requestStop);
        mappings.forEach(m -> m.stop(10));
        events.close();
        sqs.close();
        streams.close();
        dynamo.close();
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder, URI endpoint,
                                                                                            String region) {
        return builder.endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
