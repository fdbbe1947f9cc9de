package dev.userapptokens.events;

import static dev.userapptokens.core.store.Attributes.s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.tokens.TokenItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Puts one {@code TokenExpiringSoon} event per token and threshold. Reads only the tokens due:
 * the sparse index {@code byExpiryDay} is queried for each day from today to the largest
 * threshold ahead. A token whose days left ({@code ceil}) are within thresholds gets one event for
 * the smallest threshold reached; before it is put, the thresholds reached are added to the
 * token's {@code warned} set under the condition that the smallest is not in it yet, so a second
 * run (or two at once) never warns twice. If the put fails, that threshold is taken out again
 * and the next run tries once more.
 */
public final class ExpiryWarnings {

    public static final String DETAIL_TYPE = "TokenExpiringSoon";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** How many warnings a run put, and how many it could not. */
    public record Run(int warned, int failed) {
    }

    private final DynamoDbClient dynamo;
    private final String tokensTable;
    private final Bus bus;
    private final Clock clock;
    private final Thresholds thresholds;

    public ExpiryWarnings(DynamoDbClient dynamo, String tokensTable, Bus bus, Clock clock, Thresholds thresholds) {
        this.dynamo = dynamo;
        this.tokensTable = tokensTable;
        this.bus = bus;
        this.clock = clock;
        this.thresholds = thresholds;
    }

    public Run run() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int warned = 0;
        int failed = 0;
        for (int ahead = 0; ahead <= thresholds.largest(); ahead++) {
            String day = today.plusDays(ahead).toString();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(q -> q.tableName(tokensTable).indexName(TokenItems.BY_EXPIRY_DAY)
                        .keyConditionExpression("#day = :day")
                        .expressionAttributeNames(Map.of("#day", TokenItems.EXPIRES_DAY))
                        .expressionAttributeValues(Map.of(":day", s(day)))
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> token : page.items()) {
                    switch (warn(token, now)) {
                        case WARNED -> warned++;
                        case FAILED -> failed++;
                        case NOTHING -> { }
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return new Run(warned, failed);
    }

    private enum Outcome { WARNED, FAILED, NOTHING }

    private Outcome warn(Map<String, AttributeValue> token, Instant now) {
        Instant expiresAt = Attributes.epochSeconds(token, TokenItems.EXPIRES_AT);
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            return Outcome.NOTHING;
        }
        long daysLeft = (Duration.between(now, expiresAt).toSeconds() + 86_399) / 86_400;
        Integer threshold = thresholds.reached(daysLeft);
        AttributeValue warnedSet = token.get(TokenItems.WARNED);
        if (threshold == null || warnedSet != null && warnedSet.ns().contains(threshold.toString())) {
            return Outcome.NOTHING;
        }
        String tokenId = Attributes.string(token, TokenItems.TOKEN_ID);
        Map<String, AttributeValue> key = Map.of(TokenItems.HASH, token.get(TokenItems.HASH));
        try {
            List<String> reached = thresholds.allReached(daysLeft).stream().map(String::valueOf).toList();
            dynamo.updateItem(u -> u.tableName(tokensTable).key(key)
                    .updateExpression("ADD #warned :reached")
                    .conditionExpression("attribute_exists(#hash) AND NOT contains(#warned, :threshold)")
                    .expressionAttributeNames(Map.of("#warned", TokenItems.WARNED, "#hash", TokenItems.HASH))
                    .expressionAttributeValues(Map.of(":reached", AttributeValue.fromNs(reached),
                            ":threshold", AttributeValue.fromN(threshold.toString()))));
        } catch (ConditionalCheckFailedException alreadyWarnedOrRevoked) {
            return Outcome.NOTHING;
        }
        ObjectNode detail = F.objectNode();
        detail.put("userId", Attributes.string(token, TokenItems.USER_ID));
        detail.put("email", Attributes.string(token, TokenItems.EMAIL));
        detail.put("tokenId", tokenId);
        detail.put("label", Attributes.string(token, TokenItems.LABEL));
        detail.put("expiresAt", expiresAt.toString());
        detail.put("daysLeft", daysLeft);
        detail.put("threshold", threshold);
        if (bus.put(List.of(bus.entry(DETAIL_TYPE, detail.toString(), now))) == 1) {
            Log.warned(tokenId, threshold, daysLeft);
            return Outcome.WARNED;
        }
        Log.warningNotPut(tokenId);
        try {
            dynamo.updateItem(u -> u.tableName(tokensTable).key(key)
                    .updateExpression("DELETE #warned :threshold")
                    .conditionExpression("attribute_exists(#hash)")
                    .expressionAttributeNames(Map.of("#warned", TokenItems.WARNED, "#hash", TokenItems.HASH))
                    .expressionAttributeValues(Map.of(":threshold", AttributeValue.fromNs(List.of(threshold.toString())))));
        } catch (RuntimeException e) {
            // The warning for this threshold is then lost: the marker says it was sent.
            Log.warningNotPut(tokenId);
        }
        return Outcome.FAILED;
    }
}
