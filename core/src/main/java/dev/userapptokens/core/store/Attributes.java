package dev.userapptokens.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small conversions between item attributes and Java values, shared by every repository. */
public final class Attributes {

    private Attributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A number attribute, or null when absent or not a number. */
    public static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return null;
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A list of strings, or null when absent or not a list of strings. */
    public static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>(value.l().size());
        for (AttributeValue each : value.l()) {
            if (each.s() == null) {
                return null;
            }
            out.add(each.s());
        }
        return out;
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    public static Instant epochSeconds(Map<String, AttributeValue> item, String name) {
        Long value = number(item, name);
        return value == null ? null : Instant.ofEpochSecond(value);
    }
}
