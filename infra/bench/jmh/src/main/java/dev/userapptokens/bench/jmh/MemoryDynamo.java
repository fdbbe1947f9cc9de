package dev.userapptokens.bench.jmh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Storage answered in memory, for the benchmark only: the four calls the authorizer makes
 * (PutItem to seed the roles, Scan of the roles, GetItem of a token, the lastUsedAt UpdateItem),
 * items kept per table by their single key attribute. No HTTP, no SDK pipeline: what is left is
 * our code and the SDK's request and response objects it builds and reads.
 */
final class MemoryDynamo implements DynamoDbClient {

    private static final List<String> KEYS = List.of("tokenHash", "name", "userId", "eventId");

    private final Map<String, Map<String, Map<String, AttributeValue>>> tables = new ConcurrentHashMap<>();

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }

    private Map<String, Map<String, AttributeValue>> table(String name) {
        return tables.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    private static String key(Map<String, AttributeValue> item) {
        for (String name : KEYS) {
            AttributeValue value = item.get(name);
            if (value != null) {
                return value.s();
            }
        }
        throw new IllegalArgumentException("no key attribute in " + item.keySet());
    }

    void put(String table, Map<String, AttributeValue> item) {
        table(table).put(key(item), Map.copyOf(item));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        put(request.tableName(), request.item());
        return PutItemResponse.builder().build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        Map<String, AttributeValue> item = table(request.tableName()).get(key(request.key()));
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    /** Only the lastUsedAt update of the verification path: {@code SET lastUsedAt = :now}. */
    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        Map<String, Map<String, AttributeValue>> table = table(request.tableName());
        String key = key(request.key());
        Map<String, AttributeValue> item = table.get(key);
        if (item != null) {
            Map<String, AttributeValue> updated = new HashMap<>(item);
            updated.put("lastUsedAt", request.expressionAttributeValues().get(":now"));
            table.put(key, Map.copyOf(updated));
        }
        return UpdateItemResponse.builder().build();
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return ScanResponse.builder().items(new ArrayList<>(table(request.tableName()).values())).build();
    }
}
