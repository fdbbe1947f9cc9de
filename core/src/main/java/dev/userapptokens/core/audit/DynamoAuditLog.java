package dev.userapptokens.core.audit;

import static dev.userapptokens.core.store.Attributes.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.userapptokens.core.Page;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.store.Cursors;
import dev.userapptokens.core.Ids;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit trail on DynamoDB. Events are written only as one item of the change's own
 * transaction ({@link #record}), so a change and its event commit together or not at all.
 *
 * <p>All events share one partition ({@code stream = "audit"}) sorted by a zero-padded epoch
 * milli and a random id, so "newest first" is a single descending query. Admin changes are far
 * below one partition's write limit.
 */
public final class DynamoAuditLog implements AuditLog {

    static final String STREAM = "stream";
    static final String SEQ = "seq";
    private static final AttributeValue STREAM_VALUE = s("audit");
    /** The list name cursors of {@link #list} are bound to; the list has no filter. */
    private static final String LIST = "audit";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Ids ids;
    private final Cursors cursors;

    public DynamoAuditLog(DynamoDbClient dynamo, String table, Ids ids, Cursors cursors) {
        this.dynamo = dynamo;
        this.table = table;
        this.ids = ids;
        this.cursors = cursors;
    }

    /** The transaction item that writes {@code event}; the event id is unique, so the put cannot clash. */
    public TransactWriteItem record(AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(STREAM, STREAM_VALUE);
        item.put(SEQ, s(String.format("%013d#%s", event.at().toEpochMilli(), ids.next(""))));
        item.put("at", s(event.at().toString()));
        item.put("action", s(event.action().name()));
        if (event.actorUserId() != null) {
            item.put("actorUserId", s(event.actorUserId()));
        }
        if (event.targetUserId() != null) {
            item.put("targetUserId", s(event.targetUserId()));
        }
        if (event.tokenId() != null) {
            item.put("tokenId", s(event.tokenId()));
        }
        if (event.roleName() != null) {
            item.put("roleName", s(event.roleName()));
        }
        if (!event.detail().isEmpty()) {
            Map<String, AttributeValue> detail = new HashMap<>();
            event.detail().forEach((key, value) -> detail.put(key, s(value)));
            item.put("detail", AttributeValue.fromM(detail));
        }
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(seq)").build())
                .build();
    }

    @Override
    public Page<AuditEvent> list(String limitParameter, String cursor) {
        int limit = dev.userapptokens.core.users.UserRules.pageSize(limitParameter);
        String after = cursors.decode(LIST, "", cursor);
        Map<String, AttributeValue> start = after == null ? null : Map.of(STREAM, STREAM_VALUE, SEQ, s(after));
        QueryResponse response = dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("#stream = :stream")
                .expressionAttributeNames(Map.of("#stream", STREAM))
                .expressionAttributeValues(Map.of(":stream", STREAM_VALUE))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(limit)
                .exclusiveStartKey(start));
        List<AuditEvent> events = new ArrayList<>(response.count());
        for (Map<String, AttributeValue> item : response.items()) {
            events.add(new AuditEvent(Instant.parse(Attributes.string(item, "at")),
                    Attributes.string(item, "actorUserId"),
                    AuditAction.valueOf(Attributes.string(item, "action")),
                    Attributes.string(item, "targetUserId"),
                    Attributes.string(item, "tokenId"),
                    Attributes.string(item, "roleName"),
                    detail(item.get("detail"))));
        }
        String next = null;
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !events.isEmpty()) {
            next = cursors.encode(LIST, "", Attributes.string(response.lastEvaluatedKey(), SEQ));
        }
        return new Page<>(events, next);
    }

    private static Map<String, String> detail(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, String> detail = new HashMap<>();
        value.m().forEach((key, v) -> {
            if (v.s() != null) {
                detail.put(key, v.s());
            }
        });
        return detail;
    }
}
