package dev.userapptokens.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.tokens.TokenItems;
import dev.userapptokens.localdynamodb.TemplateTables;
import dev.userapptokens.localdynamodb.TemplateYaml;

/**
 * What the handlers rely on, in template.yaml: without ReportBatchItemFailures Lambda would take
 * the handler's answer as success and drop a failed record; more than one reader per shard would
 * break the order; the handler names and the index must be the code's.
 */
class TemplateEventsTest {

    private static final JsonNode RESOURCES = TemplateYaml.read(TemplateTables.findTemplate()).path("Resources");

    private static String env(String function, String name) {
        return RESOURCES.path(function).path("Properties").path("Environment").path("Variables").path(name).asText();
    }

    @Test
    void theStreamMappingRetriesFromTheReportedRecordInOrderAndDeadLettersTheRest() {
        JsonNode mapping = RESOURCES.path("EventsStreamMapping").path("Properties");
        assertEquals("[\"ReportBatchItemFailures\"]", mapping.path("FunctionResponseTypes").toString());
        assertEquals(1, mapping.path("ParallelizationFactor").asInt());
        assertEquals("{\"Fn::GetAtt\":\"AuditTable.StreamArn\"}", mapping.path("EventSourceArn").toString());
        assertEquals("{\"Ref\":\"EventsFunction.Alias\"}", mapping.path("FunctionName").toString());
        assertTrue(mapping.path("MaximumRetryAttempts").asInt() > 0);
        assertEquals("{\"Fn::GetAtt\":\"EventsDeadLetterQueue.Arn\"}",
                mapping.path("DestinationConfig").path("OnFailure").path("Destination").toString());
        assertEquals("NEW_IMAGE", RESOURCES.path("AuditTable").path("Properties").path("StreamSpecification")
                .path("StreamViewType").asText());
    }

    @Test
    void theFunctionsRunTheCodesHandlersOnTheBus() {
        assertEquals(StreamHandler.NAME, env("EventsFunction", "QUARKUS_LAMBDA_HANDLER"));
        assertEquals(ExpiryHandler.NAME, env("ExpiryFunction", "QUARKUS_LAMBDA_HANDLER"));
        for (String function : List.of("EventsFunction", "ExpiryFunction")) {
            assertEquals("{\"Ref\":\"EventBus\"}", RESOURCES.path(function).path("Properties").path("Environment")
                    .path("Variables").path("EVENT_BUS_NAME").toString());
        }
        assertEquals("Schedule", RESOURCES.path("ExpiryFunction").path("Properties").path("Events").path("Daily")
                .path("Type").asText());
    }

    @Test
    void theExpiryIndexIsTheOneTheCodeQueries() {
        JsonNode index = RESOURCES.path("TokensTable").path("Properties").path("GlobalSecondaryIndexes").path(0);
        assertEquals(TokenItems.BY_EXPIRY_DAY, index.path("IndexName").asText());
        assertEquals(TokenItems.EXPIRES_DAY, index.path("KeySchema").path(0).path("AttributeName").asText());
        List<String> projected = new ArrayList<>();
        index.path("Projection").path("NonKeyAttributes").forEach(a -> projected.add(a.asText()));
        assertTrue(projected.containsAll(List.of(TokenItems.TOKEN_ID, TokenItems.USER_ID, TokenItems.EMAIL,
                TokenItems.LABEL, TokenItems.EXPIRES_AT, TokenItems.WARNED)), projected.toString());
    }

    /** PutEvents on the stack's bus only; the stream read on the audit stream only. */
    @Test
    void thePoliciesNameOnlyTheBusAndTheAuditStream() {
        for (String policy : List.of("EventsForwarderPolicy", "ExpiryWarningsPolicy")) {
            for (JsonNode statement : RESOURCES.path(policy).path("Properties").path("PolicyDocument").path("Statement")) {
                String actions = statement.path("Action").toString();
                assertTrue(!actions.contains("*"), policy + ": " + actions);
                if (actions.contains("events:PutEvents")) {
                    assertEquals("{\"Fn::GetAtt\":\"EventBus.Arn\"}", statement.path("Resource").toString());
                }
                if (actions.contains("dynamodb:GetRecords")) {
                    assertEquals("{\"Fn::GetAtt\":\"AuditTable.StreamArn\"}", statement.path("Resource").toString());
                }
                if ("\"*\"".equals(statement.path("Resource").toString())) {
                    assertEquals("\"dynamodb:ListStreams\"", actions, policy);
                }
            }
        }
    }
}
