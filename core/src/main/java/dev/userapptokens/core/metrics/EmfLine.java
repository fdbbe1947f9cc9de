package dev.userapptokens.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch embedded metric format (EMF) log line: a JSON object whose {@code _aws} member
 * tells CloudWatch Logs which of its top-level members are metrics, in which namespace, under
 * which dimension sets. CloudWatch extracts the metrics from the function's log stream: no API
 * call, no agent. Format:
 * {@code {"_aws":{"Timestamp":ms,"CloudWatchMetrics":[{"Namespace":"..","Dimensions":[["Handler"]],
 * "Metrics":[{"Name":"Allows","Unit":"Count"}]}]},"Handler":"http-api","Allows":1}}.
 *
 * <p>Dimension values must be few (a handler, a deny reason, a route template, a status class):
 * never a token, a user or a request (those may be plain properties, which CloudWatch keeps in the
 * log line but does not turn into metrics: the line is a structured log line as well). Written by
 * hand: a few members, no reflection, no formatter.
 */
public final class EmfLine {

    /** The EMF units this project uses. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        final String wire;

        Unit(String wire) {
            this.wire = wire;
        }
    }

    private record Metric(double value, Unit unit) {
    }

    private record Directive(List<List<String>> dimensionSets, List<String> metrics) {
    }

    private final String namespace;
    private final long timestampMillis;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<Directive> directives = new ArrayList<>();

    public EmfLine(String namespace, long timestampMillis) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("an EMF namespace is required");
        }
        this.namespace = namespace;
        this.timestampMillis = timestampMillis;
    }

    /** A top-level string member: a dimension's value, or a property kept with the line (null: none). */
    public EmfLine property(String name, String value) {
        if (value != null) {
            properties.put(name, value);
        }
        return this;
    }

    /** A top-level boolean member, kept with the line. */
    public EmfLine property(String name, boolean value) {
        properties.put(name, value);
        return this;
    }

    public EmfLine metric(String name, double value, Unit unit) {
        metrics.put(name, new Metric(value, unit));
        return this;
    }

    /** {@code metricNames}, each extracted once per dimension set (each a list of property names). */
    public EmfLine directive(List<List<String>> dimensionSets, String... metricNames) {
        directives.add(new Directive(dimensionSets, List.of(metricNames)));
        return this;
    }

    /** The line, without a line break. Every named metric and dimension must have been given a value. */
    public String toJson() {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(",\"CloudWatchMetrics\":[");
        for (int d = 0; d < directives.size(); d++) {
            Directive directive = directives.get(d);
            json.append(d == 0 ? "" : ",").append("{\"Namespace\":");
            string(json, namespace).append(",\"Dimensions\":[");
            for (int s = 0; s < directive.dimensionSets().size(); s++) {
                json.append(s == 0 ? "[" : ",[");
                List<String> set = directive.dimensionSets().get(s);
                for (int k = 0; k < set.size(); k++) {
                    if (!(properties.get(set.get(k)) instanceof String)) {
                        throw new IllegalStateException("dimension " + set.get(k) + " has no value");
                    }
                    string(json.append(k == 0 ? "" : ","), set.get(k));
                }
                json.append(']');
            }
            json.append("],\"Metrics\":[");
            for (int m = 0; m < directive.metrics().size(); m++) {
                String name = directive.metrics().get(m);
                Metric metric = metrics.get(name);
                if (metric == null) {
                    throw new IllegalStateException("metric " + name + " has no value");
                }
                string(json.append(m == 0 ? "{\"Name\":" : ",{\"Name\":"), name).append(",\"Unit\":");
                string(json, metric.unit().wire).append('}');
            }
            json.append("]}");
        }
        json.append("]}");
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            string(json.append(','), property.getKey()).append(':');
            if (property.getValue() instanceof Boolean flag) {
                json.append(flag.booleanValue());
            } else {
                string(json, (String) property.getValue());
            }
        }
        for (Map.Entry<String, Metric> metric : metrics.entrySet()) {
            string(json.append(','), metric.getKey()).append(':');
            number(json, metric.getValue().value());
        }
        return json.append('}').toString();
    }

    /** {@code value} to the thousandth, as the log lines write latencies ("12.345"); no Formatter involved. */
    public static String thousandths(double value) {
        return Double.toString(Math.round(value * 1000) / 1000.0);
    }

    private static void number(StringBuilder json, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a metric value must be finite");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.append((long) value);
        } else {
            json.append(Math.round(value * 1000) / 1000.0); // milliseconds to the microsecond
        }
    }

    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
