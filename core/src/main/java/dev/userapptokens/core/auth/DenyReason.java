package dev.userapptokens.core.auth;

/**
 * Why a request was not authenticated. For logs and metrics only: callers see one answer for
 * all of them, so a probe cannot tell an unknown token from a revoked or expired one.
 */
public enum DenyReason {
    /** No Authorization header. */
    MISSING,
    /** Not {@code Bearer <token>}, or a token whose prefix, length, alphabet or checksum is wrong. */
    MALFORMED,
    /** Well-formed but not stored: never issued, revoked, or its user deleted. */
    UNKNOWN,
    EXPIRED,
    /** The owner is an interactive user. */
    NOT_NON_INTERACTIVE,
    /** The owner does not hold DEVELOPER. */
    NOT_DEVELOPER,
    /** Storage failed or timed out: fail closed. */
    UNAVAILABLE,
    /** Authenticated, but no permission matches the request (authorizer only). */
    NOT_PERMITTED
}
