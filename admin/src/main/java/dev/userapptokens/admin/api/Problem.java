package dev.userapptokens.admin.api;

import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem body with the contract's {@code code}. */
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://errors.user-app-tokens.dev/";

    /** The contract's error codes, each with its status, title and type. */
    public enum Code {
        VALIDATION(400, "Validation failed", "validation"),
        MALFORMED_JSON(400, "Malformed JSON", "malformed-json"),
        UNAUTHENTICATED(401, "Unauthenticated", "unauthenticated"),
        FORBIDDEN(403, "Forbidden", "forbidden"),
        NOT_FOUND(404, "Not found", "not-found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed", "method-not-allowed"),
        NOT_ACCEPTABLE(406, "Not acceptable", "not-acceptable"),
        CONFLICT(409, "Conflict", "conflict"),
        PAYLOAD_TOO_LARGE(413, "Payload too large", "payload-too-large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "unsupported-media-type"),
        RATE_LIMITED(429, "Too many requests", "rate-limited"),
        UNAVAILABLE(503, "Service unavailable", "unavailable"),
        INTERNAL(500, "Internal error", "internal");

        final int status;
        final String title;
        final String type;

        Code(int status, String title, String type) {
            this.status = status;
            this.title = title;
            this.type = type;
        }
    }

    public static Response response(Code code, String detail) {
        return Response.status(code.status).type(MEDIA_TYPE).entity(of(code, detail)).build();
    }

    /** The body alone, for answers made outside JAX-RS. */
    public static Problem of(Code code, String detail) {
        return new Problem(TYPE_BASE + code.type, code.title, code.status, detail, code.name());
    }
}
