package dev.userapptokens.core.audit;

/** What a successful change did. Every change writes exactly one event. */
public enum AuditAction {
    USER_CREATED,
    USER_UPDATED,
    USER_DELETED,
    TOKEN_CREATED,
    TOKEN_REVOKED
}
