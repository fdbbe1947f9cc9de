package dev.userapptokens.authorizer;

import dev.userapptokens.core.auth.DenyReason;

/**
 * What an event adapter found in an API Gateway event: either the request to decide on, or the
 * reason the event cannot be decided on (then the answer is a deny without any storage read).
 */
public sealed interface AuthorizerRequest {

    /**
     * @param authorization the single Authorization header value, or null when there is none
     * @param method        the HTTP method
     * @param path          the request path, stage stripped
     * @param arn           the method ARN the policy is built against (REST API), or null (HTTP API)
     */
    record Request(String authorization, String method, String path, MethodArn arn) implements AuthorizerRequest {
    }

    /** An event that cannot be decided on: malformed, several Authorization values, no route. */
    record Invalid(DenyReason reason, String why) implements AuthorizerRequest {
    }

    static AuthorizerRequest malformed(String why) {
        return new Invalid(DenyReason.MALFORMED, why);
    }
}
