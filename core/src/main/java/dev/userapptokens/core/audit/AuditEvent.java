package dev.userapptokens.core.audit;

import java.time.Instant;

/** One audit event. {@code tokenId} is null for user events; never a token or its hash. */
public record AuditEvent(Instant at, String actorUserId, AuditAction action, String targetUserId, String tokenId) {
}
