package dev.userapptokens.core.auth;

import java.time.Instant;
import java.util.Optional;

/** The verification path's storage: one read per verification, and an occasional last-used write. */
public interface TokenLookup {

    /** The token stored under {@code tokenHash}, read strongly consistently. */
    Optional<StoredToken> find(String tokenHash);

    /** Records a use at {@code now} unless one was recorded after {@code notBefore}; never creates an item. */
    void recordUse(String tokenHash, Instant now, Instant notBefore);
}
