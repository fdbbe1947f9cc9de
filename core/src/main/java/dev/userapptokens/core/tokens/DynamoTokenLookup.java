package dev.userapptokens.core.tokens;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userapptokens.core.auth.StoredToken;
import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** The verification path on DynamoDB: one strongly consistent GetItem per verification. */
public final class DynamoTokenLookup implements TokenLookup {

    // roles and permissions are reserved words of DynamoDB expressions
    private static final String PROJECTION = String.join(",", TokenItems.TOKEN_ID, TokenItems.USER_ID,
            TokenItems.EMAIL, TokenItems.LOGIN_OPTION, "#roles", TokenItems.EXPIRES_AT, TokenItems.LAST_USED_AT,
            TokenItems.CREATED_AT, "#permissions");
    private static final Map<String, String> PROJECTION_NAMES = Map.of("#roles", TokenItems.ROLES,
            "#permissions", TokenItems.PERMISSIONS);

    /** lastUsedAt is bookkeeping: one short attempt, so it never holds a verification up for long. */
    private static final AwsRequestOverrideConfiguration BOOKKEEPING = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofMillis(500)).apiCallAttemptTimeout(Duration.ofMillis(500)).build();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTokenLookup(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<StoredToken> find(String tokenHash) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(Map.of(TokenItems.HASH, s(tokenHash)))
                .consistentRead(true)
                .projectionExpression(PROJECTION)
                .expressionAttributeNames(PROJECTION_NAMES)
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toStoredToken(item));
    }

    /**
     * An item missing a field it must have, or with permissions that do not parse, is a deny (the
     * verifier fails closed), never a partial allow.
     */
    static StoredToken toStoredToken(Map<String, AttributeValue> item) {
        String tokenId = Attributes.string(item, TokenItems.TOKEN_ID);
        String userId = Attributes.string(item, TokenItems.USER_ID);
        String email = Attributes.string(item, TokenItems.EMAIL);
        String login = Attributes.string(item, TokenItems.LOGIN_OPTION);
        List<String> roles = Attributes.stringList(item, TokenItems.ROLES);
        if (tokenId == null || userId == null || email == null || login == null || roles == null) {
            throw new IllegalStateException("token item is missing required attributes");
        }
        LoginOption loginOption = LoginOption.valueOf(login);
        if (item.containsKey(TokenItems.EXPIRES_AT) && Attributes.number(item, TokenItems.EXPIRES_AT) == null) {
            throw new IllegalStateException("token item has an unreadable expiry");
        }
        return new StoredToken(tokenId, userId, email, loginOption, RoleAssignment.fromCompact(roles),
                Attributes.epochSeconds(item, TokenItems.EXPIRES_AT),
                Attributes.epochSeconds(item, TokenItems.LAST_USED_AT), Attributes.instant(item, TokenItems.CREATED_AT),
                TokenItems.permissions(item));
    }


    @Override
    public void recordUse(String tokenHash, Instant now, Instant notBefore) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .overrideConfiguration(BOOKKEEPING)
                    .key(Map.of(TokenItems.HASH, s(tokenHash)))
                    .updateExpression("SET lastUsedAt = :now")
                    .conditionExpression("attribute_exists(tokenHash) AND "
                            + "(attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()),
                            ":notBefore", n(notBefore.getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // Another invocation recorded it first, or the token was revoked meanwhile: nothing to do.
        }
    }
}
