package dev.userapptokens.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.RejectedException;
import dev.userapptokens.core.tokens.TokenInfo;
import dev.userapptokens.core.tokens.Tokens;
import dev.userapptokens.core.users.Users;
import dev.userapptokens.core.users.User;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Forwards a batch of the audit table's stream records to the bus, one event per new audit item,
 * in stream order. The result names the first record that is not known to be on the bus: Lambda
 * (ReportBatchItemFailures) then retries from it, so nothing is lost and the order holds; the
 * records before it are not sent again. Records that are not new items are skipped.
 */
@Singleton
public class ChangeForwarder {

    private final Users userService;
    private final Tokens tokenService;
    private final Bus bus;

    public ChangeForwarder(Users users, Tokens tokens, Bus bus) {
        this.userService = users;
        this.tokenService = tokens;
        this.bus = bus;
    }

    /** The sequence number of the first record to retry, or null when the whole batch is on the bus. */
    public String forward(JsonNode records) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        Owners owners = new Owners();
        String lookupFailedAt = null;
        for (JsonNode record : records) {
            JsonNode body = record.path("dynamodb");
            JsonNode image = body.path("NewImage");
            String action = AuditChanges.text(image, "action");
            if (!"INSERT".equals(record.path("eventName").asText()) || action == null) {
                continue;
            }
            String sequence = body.path("SequenceNumber").asText();
            String userId = AuditChanges.text(image, "targetUserId");
            String tokenId = AuditChanges.text(image, "tokenId");
            String email;
            String label;
            try {
                email = owners.email(userId);
                label = owners.label(userId, tokenId);
            } catch (RuntimeException e) {
                Log.lookupFailed(userId, e);
                lookupFailedAt = sequence;
                break;
            }
            Instant at = AuditChanges.time(image);
            if (at == null) {
                Log.noTime(sequence);
            }
            entries.add(bus.entry(AuditChanges.detailType(action), AuditChanges.detail(image, email, label).toString(), at));
            sequences.add(sequence);
        }
        int put = bus.put(entries);
        Log.forwarded(put, records.size());
        return put < sequences.size() ? sequences.get(put) : lookupFailedAt;
    }

    /** The users and tokens of one batch, each read at most once. */
    private final class Owners {
        private final Map<String, Optional<User>> users = new HashMap<>();
        private final Map<String, List<TokenInfo>> tokens = new HashMap<>();

        String email(String userId) {
            return userId == null ? null : user(userId).map(User::email).orElse(null);
        }

        /** Known while the token exists: a revoked or leaked token's item is gone. */
        String label(String userId, String tokenId) {
            if (userId == null || tokenId == null || user(userId).isEmpty()) {
                return null;
            }
            return tokens.computeIfAbsent(userId, this::tokensOf).stream()
                    .filter(t -> t.id().equals(tokenId)).map(TokenInfo::label).findFirst().orElse(null);
        }

        private Optional<User> user(String userId) {
            return users.computeIfAbsent(userId, id -> {
                try {
                    return Optional.of(userService.get(id));
                } catch (RejectedException gone) {
                    return Optional.empty();
                }
            });
        }

        private List<TokenInfo> tokensOf(String userId) {
            try {
                return tokenService.list(userId);
            } catch (RejectedException gone) {
                return List.of();
            }
        }
    }
}
