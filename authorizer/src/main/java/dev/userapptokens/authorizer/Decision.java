package dev.userapptokens.authorizer;

import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Principal;

/** The authorizer's answer for one request, before it is written as either API's response. */
public sealed interface Decision {

    /** The token authenticates and a permission of its user matches the request's method and path. */
    record Allow(Principal principal) implements Decision {
    }

    /**
     * Not allowed. {@code principal} is set when the token did authenticate but no permission
     * matched ({@link DenyReason#NOT_PERMITTED}): a REST API policy then still carries the user's
     * other routes, so that API Gateway's cached copy is right for them.
     */
    record Deny(DenyReason reason, Principal principal) implements Decision {

        public Deny(DenyReason reason) {
            this(reason, null);
        }
    }
}
