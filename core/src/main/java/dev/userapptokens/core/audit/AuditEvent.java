package dev.userapptokens.core.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audit event, as {@code GET /v1/audit} lists it. Fields that do not apply are null:
 * {@code tokenId} for user and role events, {@code roleName} for all but role events,
 * {@code actorUserId} for a leak report. {@code detail}: the action's extra facts
 * ({@code rotatedFrom}; {@code url} and {@code source}), empty when there are none. Never a token
 * or its hash.
 */
public record AuditEvent(Instant at, String actorUserId, AuditAction action, String targetUserId, String tokenId,
                         String roleName, Map<String, String> detail) {

    public AuditEvent {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** A user or token event without detail. */
    public AuditEvent(Instant at, String actorUserId, AuditAction action, String targetUserId, String tokenId) {
        this(at, actorUserId, action, targetUserId, tokenId, null, Map.of());
    }

    /** A role event. */
    public static AuditEvent ofRole(Instant at, String actorUserId, AuditAction action, String roleName) {
        return new AuditEvent(at, actorUserId, action, null, null, roleName, Map.of());
    }
}
