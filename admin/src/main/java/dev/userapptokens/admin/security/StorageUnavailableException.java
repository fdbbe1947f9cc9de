package dev.userapptokens.admin.security;

/** Verification could not read storage: the request is refused with 503, never let through. */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException() {
        super("token storage unavailable", null, false, false);
    }
}
