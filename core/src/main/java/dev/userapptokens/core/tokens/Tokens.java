package dev.userapptokens.core.tokens;

import static dev.userapptokens.core.store.Attributes.n;
import static dev.userapptokens.core.store.Attributes.s;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.audit.AuditAction;
import dev.userapptokens.core.audit.AuditEvent;
import dev.userapptokens.core.audit.AuditTrail;
import dev.userapptokens.core.store.Attributes;
import dev.userapptokens.core.store.Tables;
import dev.userapptokens.core.store.Transactions;
import dev.userapptokens.core.users.LoginOption;
import dev.userapptokens.core.users.RoleAssignment;
import dev.userapptokens.core.users.StoredUser;
import dev.userapptokens.core.users.UserRules;
import dev.userapptokens.core.users.Users;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A user's tokens: issue, list, revoke. Issuing writes the token's item (keyed by its SHA-256,
 * carrying the owner's roles), the owner's token index and the audit event in one transaction, so
 * the token authenticates as soon as the call returns; revoking deletes the item the same way.
 */
public final class Tokens {

    /** Active tokens per user: keeps every change to a user within one 100-item transaction. */
    public static final int MAX_ACTIVE_PER_USER = 50;
    public static final String ID_PREFIX = "tok_";
    private static final Pattern ID = Pattern.compile("tok_[0-9A-Za-z]{20}");

    private final DynamoDbClient dynamo;
    private final Tables tables;
    private final Users users;
    private final AuditTrail audit;
    private final TokenFormat format;
    private final Clock clock;

    public Tokens(DynamoDbClient dynamo, Tables tables, Users users, AuditTrail audit, TokenFormat format, Clock clock) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.users = users;
        this.audit = audit;
        this.format = format;
        this.clock = clock;
    }

    public IssuedToken create(String actorUserId, String userId, String label, Integer expiresInDays, Instant expiresAt) {
        String cleanLabel = UserRules.label(label);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiry = UserRules.expiry(expiresInDays, expiresAt, now);
        return Transactions.untilCommitted("user", () -> {
            StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
            if (owner.user().loginOption() != LoginOption.NON_INTERACTIVE) {
                throw RejectedException.conflict("user: tokens can only be created for NON_INTERACTIVE users");
            }
            List<String> expired = owner.expiredTokenIds(now);
            if (owner.tokens().size() - expired.size() >= MAX_ACTIVE_PER_USER) {
                throw RejectedException.conflict("user: already has " + MAX_ACTIVE_PER_USER
                        + " active tokens; revoke one first");
            }
            String token = format.generate();
            String hash = TokenHash.of(token);
            String tokenId = format.newId(ID_PREFIX);
            StoredUser.TokenRef ref = new StoredUser.TokenRef(hash, expiry);
            Transactions.write(dynamo, List.of(
                    putTokenItem(owner, tokenId, hash, cleanLabel, now, expiry),
                    indexToken(owner, tokenId, ref, expired),
                    audit.record(new AuditEvent(now, actorUserId, AuditAction.TOKEN_CREATED, userId, tokenId))));
            return new IssuedToken(new TokenInfo(tokenId, cleanLabel, now, expiry, null), token);
        });
    }

    /** The user's tokens, oldest first, with last use; expired ones stay listed until cleaned up. */
    public List<TokenInfo> list(String userId) {
        StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
        List<TokenInfo> tokens = new ArrayList<>();
        List<Map<String, AttributeValue>> keys = owner.tokens().values().stream()
                .map(ref -> Transactions.key(TokenItems.HASH, ref.hash())).toList();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(tables.tokens(), KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(true)
                    .projectionExpression("tokenId, label, createdAt, expiresAt, lastUsedAt").build());
            for (int round = 0; request != null && !request.isEmpty(); round++) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                response.responses().getOrDefault(tables.tokens(), List.of()).forEach(item -> tokens.add(toInfo(item)));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
                if (round > 10) {
                    throw new IllegalStateException("tokens table keeps returning unprocessed keys");
                }
            }
        }
        tokens.sort(Comparator.comparing(TokenInfo::createdAt).thenComparing(TokenInfo::id));
        return tokens;
    }

    /** Revokes: from the moment this returns the token no longer authenticates. */
    public void revoke(String actorUserId, String userId, String tokenId) {
        Transactions.untilCommitted("token", () -> {
            StoredUser owner = users.load(userId).orElseThrow(() -> RejectedException.notFound("user"));
            StoredUser.TokenRef ref = tokenId != null && ID.matcher(tokenId).matches() ? owner.tokens().get(tokenId) : null;
            if (ref == null) {
                throw RejectedException.notFound("token");
            }
            Transactions.write(dynamo, List.of(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(tables.tokens())
                            .key(Transactions.key(TokenItems.HASH, ref.hash())).build()).build(),
                    // Conditioned on the index entry, not on the version: nothing this writes depends
                    // on the rest of the user, so a revoke loses only to a change of this same token
                    // (or to the user's deletion) and never makes another change start over.
                    TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                            .key(Transactions.key("id", userId))
                            .updateExpression("REMOVE tokens.#t")
                            .conditionExpression("tokens.#t.h = :hash")
                            .expressionAttributeNames(Map.of("#t", tokenId))
                            .expressionAttributeValues(Map.of(":hash", s(ref.hash())))
                            .build()).build(),
                    audit.record(new AuditEvent(clock.instant().truncatedTo(ChronoUnit.MILLIS), actorUserId,
                            AuditAction.TOKEN_REVOKED, userId, tokenId))));
        });
    }

    private TransactWriteItem putTokenItem(StoredUser owner, String tokenId, String hash, String label, Instant now,
                                           Instant expiry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TokenItems.HASH, s(hash));
        item.put(TokenItems.TOKEN_ID, s(tokenId));
        item.put(TokenItems.USER_ID, s(owner.user().id()));
        item.put(TokenItems.EMAIL, s(owner.user().email()));
        item.put(TokenItems.LOGIN_OPTION, s(owner.user().loginOption().name()));
        item.put(TokenItems.ROLES, Attributes.strings(RoleAssignment.toCompact(owner.user().roles())));
        item.put(TokenItems.LABEL, s(label));
        item.put(TokenItems.CREATED_AT, s(now.toString()));
        if (expiry != null) {
            item.put(TokenItems.EXPIRES_AT, n(expiry.getEpochSecond()));
            item.put(TokenItems.EXPIRES_DAY, s(TokenItems.expiresDay(expiry)));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(tables.tokens()).item(item)
                .conditionExpression("attribute_not_exists(tokenHash)").build()).build();
    }

    private TransactWriteItem indexToken(StoredUser owner, String tokenId, StoredUser.TokenRef ref,
                                         List<String> expired) {
        Map<String, String> names = new LinkedHashMap<>(Map.of("#t", tokenId));
        String remove = StoredUser.pruneClause(expired, names);
        return TransactWriteItem.builder().update(Update.builder().tableName(tables.users())
                .key(Transactions.key("id", owner.user().id()))
                .updateExpression("SET tokens.#t = :ref, version = :next" + remove)
                .conditionExpression("version = :v")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":ref", ref.toAttribute(),
                        ":v", n(owner.version()), ":next", n(owner.version() + 1)))
                .build()).build();
    }

    private static TokenInfo toInfo(Map<String, AttributeValue> item) {
        return new TokenInfo(Attributes.string(item, TokenItems.TOKEN_ID), Attributes.string(item, TokenItems.LABEL),
                Attributes.instant(item, TokenItems.CREATED_AT), Attributes.epochSeconds(item, TokenItems.EXPIRES_AT),
                Attributes.epochSeconds(item, TokenItems.LAST_USED_AT));
    }
}
