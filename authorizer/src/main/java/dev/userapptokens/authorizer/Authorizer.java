package dev.userapptokens.authorizer;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.userapptokens.core.auth.AccessPolicy;
import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.auth.Verification;
import dev.userapptokens.core.auth.Verifier;

/**
 * The one decision both handlers make: core's verifier (token, owner, DEVELOPER), then core's
 * access policy (a permission of the user matches the method and path). Never throws: anything
 * unexpected is a deny.
 */
@Singleton
public class Authorizer {

    private static final Logger LOG = Logger.getLogger(Authorizer.class);

    private final Verifier verifier;
    private final AccessPolicy accessPolicy;

    public Authorizer(Verifier verifier, AccessPolicy accessPolicy) {
        this.verifier = verifier;
        this.accessPolicy = accessPolicy;
    }

    public Decision decide(AuthorizerRequest event) {
        try {
            if (event instanceof AuthorizerRequest.Invalid invalid) {
                return new Decision.Deny(invalid.reason());
            }
            AuthorizerRequest.Request request = (AuthorizerRequest.Request) event;
            Verification verification = verifier.verify(request.authorization());
            if (verification instanceof Verification.Denied denied) {
                return new Decision.Deny(denied.reason());
            }
            Principal principal = ((Verification.Authenticated) verification).principal();
            if (accessPolicy.allows(principal, request.method(), request.path())) {
                return new Decision.Allow(principal);
            }
            return new Decision.Deny(DenyReason.NOT_PERMITTED, principal);
        } catch (RuntimeException e) {
            // e.g. the role catalog's first load failing while storage is down: fail closed.
            LOG.warnf("authorization failed closed: %s", e.getClass().getName());
            return new Decision.Deny(DenyReason.UNAVAILABLE);
        }
    }
}
