package dev.userapptokens.core.auth;

/** The closed set of verification outcomes. Each function maps them to its response once. */
public sealed interface Verification {

    record Authenticated(Principal principal) implements Verification {
    }

    record Denied(DenyReason reason) implements Verification {
    }
}
