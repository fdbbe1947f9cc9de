package dev.userapptokens.core.audit;

/** What a successful change did. Every change writes exactly one event (a leak report one per token revoked). */
public enum AuditAction {
    USER_CREATED,
    USER_UPDATED,
    USER_DELETED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    /** {@code tokenId}: the new token; detail {@code rotatedFrom}: the old one. */
    TOKEN_ROTATED,
    /** Revoked on a leak report; detail {@code url} and {@code source}; no actor. */
    TOKEN_LEAKED,
    ROLE_CREATED,
    ROLE_UPDATED,
    ROLE_DELETED
}
