package dev.userapptokens.core;

/**
 * A request the rules refuse. The kind maps once, in each function, to a public error; the
 * detail is safe to show to the caller (it names the field and the rule, never internals).
 */
public final class RejectedException extends RuntimeException {

    public enum Kind { VALIDATION, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public RejectedException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public static RejectedException invalid(String field, String rule) {
        return new RejectedException(Kind.VALIDATION, field + ": " + rule);
    }

    public static RejectedException notFound(String what) {
        return new RejectedException(Kind.NOT_FOUND, what + " not found");
    }

    public static RejectedException conflict(String detail) {
        return new RejectedException(Kind.CONFLICT, detail);
    }

    public Kind kind() {
        return kind;
    }
}
