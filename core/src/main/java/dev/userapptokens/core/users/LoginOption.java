package dev.userapptokens.core.users;

/** How a user signs in. Only non-interactive (API-only) users may hold app tokens. */
public enum LoginOption {
    NON_INTERACTIVE,
    INTERACTIVE
}
