package dev.userapptokens.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

import dev.userapptokens.core.auth.TokenLookup;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;
import dev.userapptokens.core.roles.DynamoRoleCatalog;
import dev.userapptokens.core.tokens.TokenFormat;
import dev.userapptokens.core.tokens.TokenHash;

/**
 * What core does around a Lambda SnapStart snapshot; each function's CRaC resource calls these.
 * Before: the reads and code a first request runs, against the real tables, with a well-formed
 * token that was never issued (a token GetItem that finds nothing, the roles Scan beside it, the
 * last-used UpdateItem whose condition fails: nothing is written), then nothing left in flight.
 * After a restore: nothing restored that must be fresh — the role catalog is dropped and the
 * function's random generator (if it generates anything) reseeded, so environments restored from
 * one snapshot do not share a random state. Credentials and connections are the SDK's.
 */
public final class SnapStartHooks {

    private final Verifier verifier;
    private final TokenLookup tokens;
    private final DynamoRoleCatalog roles;
    private final SecureRandom random;
    private final Clock clock;

    /** {@code random}: the generator behind the function's token format and ids, or null when it generates nothing. */
    public SnapStartHooks(Verifier verifier, TokenLookup tokens, DynamoRoleCatalog roles, SecureRandom random, Clock clock) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.roles = roles;
        this.random = random;
        this.clock = clock;
    }

    public Verification beforeCheckpoint() {
        String token = new TokenFormat().generate();
        Verification verification = verifier.verify("Bearer " + token);
        Instant now = clock.instant();
        tokens.recordUse(TokenHash.of(token), now, now);
        roles.settle();
        return verification;
    }

    public void afterRestore() {
        roles.forget();
        if (random != null) {
            random.setSeed(new SecureRandom().generateSeed(32));
        }
    }
}
