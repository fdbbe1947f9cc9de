package dev.userapptokens.core.tokens;

/** A token just created: the only time the secret exists outside the caller's hands. */
public record IssuedToken(TokenInfo info, String token) {

    @Override
    public String toString() {
        return "IssuedToken[" + info + ", token=<redacted>]"; // keep the secret out of any log
    }
}
