package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.localdynamodb.TemplateTables;
import dev.userapptokens.localdynamodb.TemplateYaml;

/**
 * template.yaml's alarm and dashboard against the metrics the authorizer writes: the alarm watches
 * a metric and dimension the EMF line really has, in the namespace the functions are given, and
 * the dashboard shows every deny reason there is.
 */
class TemplateMetricsTest {

    private static JsonNode template() throws Exception {
        return TemplateYaml.read(TemplateTables.findTemplate());
    }

    private static JsonNode emf(Decision decision) throws Exception {
        Telemetry telemetry = new Telemetry(new StorageErrors(), line -> { }, true, "ns", false);
        return Lambda.JSON.readTree(telemetry.metrics(HttpApiHandler.NAME, decision, 1.5, false, 1, "r-1", 1L));
    }

    @Test
    void theUnavailableAlarmWatchesAMetricTheAuthorizerWrites() throws Exception {
        JsonNode template = template();
        JsonNode alarm = template.path("Resources").path("AuthorizerUnavailableAlarm").path("Properties");
        JsonNode namespace = alarm.path("Namespace");
        assertEquals("{\"Ref\":\"MetricsNamespace\"}", namespace.toString());
        for (String function : List.of("AuthorizerFunction", "RestAuthorizerFunction", "AdminFunction")) {
            assertEquals(namespace, template.path("Resources").path(function).path("Properties").path("Environment")
                    .path("Variables").path("METRICS_NAMESPACE"), function);
        }
        assertEquals(1, alarm.path("Dimensions").size());
        String dimension = alarm.path("Dimensions").get(0).path("Name").asText();
        String value = alarm.path("Dimensions").get(0).path("Value").asText();
        assertEquals(DenyReason.UNAVAILABLE.name(), value);

        JsonNode line = emf(new Decision.Deny(DenyReason.UNAVAILABLE));
        assertEquals(value, line.path(dimension).asText());
        boolean extracted = false;
        for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
            boolean alone = false;
            for (JsonNode set : directive.path("Dimensions")) {
                alone |= set.size() == 1 && set.get(0).asText().equals(dimension);
            }
            for (JsonNode metric : directive.path("Metrics")) {
                extracted |= alone && metric.path("Name").asText().equals(alarm.path("MetricName").asText());
            }
        }
        assertTrue(extracted, "no " + alarm.path("MetricName") + " by " + dimension + " alone in " + line);
        assertEquals(1, line.path("StorageErrors").asInt());
    }

    @Test
    void theDashboardShowsEveryDenyReasonAndEveryAuthorizerMetric() throws Exception {
        String body = template().path("Resources").path("Dashboard").path("Properties").path("DashboardBody").toString();
        List<String> missing = new ArrayList<>();
        for (DenyReason reason : DenyReason.values()) {
            if (!body.contains("\\\"Denies\\\",\\\"Reason\\\",\\\"" + reason.name() + "\\\"")) {
                missing.add(reason.name());
            }
        }
        JsonNode allow = emf(new Decision.Allow(null));
        allow.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(metric -> {
            if (!body.contains("\\\"" + metric.path("Name").asText() + "\\\"")) {
                missing.add(metric.path("Name").asText());
            }
        });
        assertEquals(List.of(), missing, "not on the dashboard");
    }
}
