package dev.userapptokens.localdynamodb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * The DynamoDB tables declared in {@code template.yaml}, created from those declarations so local
 * runs and tests cannot drift from what {@code sam deploy} creates. A table's local name is a
 * prefix plus its logical id without the {@code Table} suffix, lower-cased
 * ({@code UsersTable} becomes {@code <prefix>users}).
 */
public final class TemplateTables {

    private final Map<String, JsonNode> tables;

    private TemplateTables(Map<String, JsonNode> tables) {
        this.tables = tables;
    }

    public static TemplateTables read(Path template) {
        JsonNode root = TemplateYaml.read(template);
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> resources = root.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if ("AWS::DynamoDB::Table".equals(resource.getValue().path("Type").asText())) {
                tables.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException(template + " declares no AWS::DynamoDB::Table");
        }
        return new TemplateTables(tables);
    }

    /** {@code template.yaml} at the root of this repository, found from the working directory up. */
    public static Path findTemplate() {
        String configured = System.getProperty("localdynamodb.repo.root");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured, "template.yaml");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("core"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /** Logical ids of the declared tables, in template order. */
    public List<String> logicalIds() {
        return List.copyOf(tables.keySet());
    }

    public static String localName(String prefix, String logicalId) {
        String base = logicalId.endsWith("Table") ? logicalId.substring(0, logicalId.length() - 5) : logicalId;
        return prefix + base.toLowerCase(Locale.ROOT);
    }

    /** The CreateTable request for one declared table (TTL is a separate call, see {@link #ttlAttribute}). */
    public CreateTableRequest createRequest(String prefix, String logicalId) {
        JsonNode table = tables.get(logicalId);
        List<AttributeDefinition> attributes = new ArrayList<>();
        table.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText())
                .attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        table.path("GlobalSecondaryIndexes").forEach(i -> {
            List<String> included = new ArrayList<>();
            i.path("Projection").path("NonKeyAttributes").forEach(a -> included.add(a.asText()));
            Projection.Builder projection = Projection.builder()
                    .projectionType(i.path("Projection").path("ProjectionType").asText("ALL"));
            if (!included.isEmpty()) {
                projection.nonKeyAttributes(included);
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(i.path("IndexName").asText())
                    .keySchema(keySchema(i.path("KeySchema")))
                    .projection(projection.build())
                    .build());
        });
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(localName(prefix, logicalId))
                .attributeDefinitions(attributes)
                .keySchema(keySchema(table.path("KeySchema")))
                .billingMode(BillingMode.fromValue(table.path("BillingMode").asText("PAY_PER_REQUEST")));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        String streamView = table.path("StreamSpecification").path("StreamViewType").asText(null);
        if (streamView != null) {
            request.streamSpecification(s -> s.streamEnabled(true).streamViewType(streamView));
        }
        return request.build();
    }

    /** The TTL attribute of a table, or null when it has none enabled. */
    public String ttlAttribute(String logicalId) {
        JsonNode ttl = tables.get(logicalId).path("TimeToLiveSpecification");
        return ttl.path("Enabled").asBoolean(false) ? ttl.path("AttributeName").asText(null) : null;
    }

    /** Creates every declared table under {@code prefix}, with TTL where declared. */
    public void createAll(DynamoDbClient dynamo, String prefix) {
        for (String logicalId : tables.keySet()) {
            CreateTableRequest request = createRequest(prefix, logicalId);
            dynamo.createTable(request);
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
            String ttl = ttlAttribute(logicalId);
            if (ttl != null) {
                dynamo.updateTimeToLive(u -> u.tableName(request.tableName())
                        .timeToLiveSpecification(s -> s.attributeName(ttl).enabled(true)));
            }
        }
    }

    /** Deletes every declared table under {@code prefix}; missing ones are ignored. */
    public void deleteAll(DynamoDbClient dynamo, String prefix) {
        for (String logicalId : tables.keySet()) {
            try {
                dynamo.deleteTable(d -> d.tableName(localName(prefix, logicalId)));
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                // already gone
            }
        }
    }

    private static List<KeySchemaElement> keySchema(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder()
                .attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }
}
