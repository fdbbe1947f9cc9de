package dev.userapptokens.localdynamodb;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Attribute values in DynamoDB JSON ({@code {"S":"x"}}), the form stream events carry. */
final class DynamoJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = F.objectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    static ObjectNode value(AttributeValue v) {
        ObjectNode node = F.objectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case M -> node.set("M", image(v.m()));
            case L -> v.l().forEach(e -> node.withArray("L").add(value(e)));
            case B -> node.put("B", v.b().asByteArray());
            case BS -> v.bs().forEach(b -> node.withArray("BS").add(b.asByteArray()));
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
        return node;
    }
}
