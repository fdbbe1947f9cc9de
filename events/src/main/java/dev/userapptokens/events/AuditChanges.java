package dev.userapptokens.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Audit items, as the audit table's stream carries them (DynamoDB JSON), mapped to change events:
 * the detail-type is the action in PascalCase ({@code TOKEN_CREATED} becomes {@code TokenCreated}),
 * the detail the audit event's API fields plus {@code eventId} (the item's sort key: unique, in
 * write order, for consumers to drop the duplicates at-least-once delivery brings) and the
 * owner's {@code email} and the token's {@code label} where known. Only the named fields are
 * copied, so nothing else on an item (never a token or a hash) can reach the bus.
 */
public final class AuditChanges {

    /** The audit event's string fields, as GET /v1/audit names them ({@code detail} is an object). */
    private static final String[] FIELDS = {"at", "action", "actorUserId", "targetUserId", "tokenId", "roleName"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AuditChanges() {
    }

    public static String detailType(String action) {
        StringBuilder type = new StringBuilder();
        for (String word : action.toLowerCase(Locale.ROOT).split("_")) {
            if (!word.isEmpty()) {
                type.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return type.toString();
    }

    /** The detail for an audit item's image; {@code email} and {@code label} may be null. */
    public static ObjectNode detail(JsonNode image, String email, String label) {
        ObjectNode detail = F.objectNode();
        detail.put("eventId", text(image, "seq"));
        for (String field : FIELDS) {
            detail.put(field, text(image, field));
        }
        detail.set("detail", detailField(image.path("detail")));
        detail.put("email", email);
        detail.put("label", label);
        return detail;
    }

    /**
     * The item's {@code at} as the event's time, or null (EventBridge then uses the time of the put)
     * when it is missing or not an RFC 3339 time: such a record is still forwarded, not thrown on.
     */
    public static Instant time(JsonNode image) {
        String at = text(image, "at");
        if (at == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String text(JsonNode image, String name) {
        JsonNode value = image.path(name);
        return value.has("S") ? value.get("S").asText() : null;
    }

    /** {@code detail} stored as a map, or as JSON text; anything else is dropped. */
    private static JsonNode detailField(JsonNode value) {
        if (value.has("M")) {
            return plain(value);
        }
        if (value.has("S")) {
            try {
                JsonNode parsed = JSON.readTree(value.get("S").asText());
                return parsed != null && parsed.isObject() ? parsed : F.nullNode();
            } catch (java.io.IOException e) {
                return F.nullNode();
            }
        }
        return F.nullNode();
    }

    /** A DynamoDB JSON value as plain JSON (strings, numbers, booleans, maps and lists). */
    static JsonNode plain(JsonNode value) {
        if (value.has("S")) {
            return F.textNode(value.get("S").asText());
        }
        if (value.has("N")) {
            // A malformed number (a hand-written or foreign item) stays text: a throw here would fail
            // the whole batch, the good records with it, on every retry.
            String number = value.get("N").asText();
            try {
                return F.numberNode(new java.math.BigDecimal(number));
            } catch (NumberFormatException e) {
                return F.textNode(number);
            }
        }
        if (value.has("BOOL")) {
            return F.booleanNode(value.get("BOOL").asBoolean());
        }
        if (value.has("M")) {
            ObjectNode object = F.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = value.get("M").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                object.set(field.getKey(), plain(field.getValue()));
            }
            return object;
        }
        if (value.has("L")) {
            var array = F.arrayNode();
            value.get("L").forEach(e -> array.add(plain(e)));
            return array;
        }
        return F.nullNode();
    }
}
