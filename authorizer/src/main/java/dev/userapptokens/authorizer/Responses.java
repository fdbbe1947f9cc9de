package dev.userapptokens.authorizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.userapptokens.authorizer.ApiResponses.HttpApiResponse;
import dev.userapptokens.authorizer.ApiResponses.PolicyDocument;
import dev.userapptokens.authorizer.ApiResponses.RestApiResponse;
import dev.userapptokens.authorizer.ApiResponses.Statement;
import dev.userapptokens.core.UserAppTokens;
import dev.userapptokens.core.auth.Principal;

/**
 * The one place a {@link Decision} becomes a response body, for each API. The deny bodies are
 * constants written once, so a deny cannot fail to serialise.
 */
@Singleton
public class Responses {

    /** Who a REST API deny is for when nobody authenticated (API Gateway requires a principal). */
    static final String ANONYMOUS = "anonymous";

    static final HttpApiResponse HTTP_DENY = new HttpApiResponse(false, null);
    static final RestApiResponse REST_DENY = new RestApiResponse(ANONYMOUS,
            new PolicyDocument(List.of(Statement.deny(List.of("*")))), null);

    static final byte[] HTTP_DENY_BYTES = "{\"isAuthorized\":false}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] REST_DENY_BYTES = ("{\"principalId\":\"" + ANONYMOUS + "\",\"policyDocument\":{\"Version\":\""
            + PolicyDocument.VERSION + "\",\"Statement\":[{\"Action\":\"" + Statement.INVOKE
            + "\",\"Effect\":\"Deny\",\"Resource\":[\"*\"]}]}}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final UserAppTokens app;

    public Responses(UserAppTokens app) {
        this.app = app;
    }

    /** HTTP API simple response: allowed with the context, or {@code {"isAuthorized":false}}. */
    public HttpApiResponse httpApi(Decision decision) {
        if (decision instanceof Decision.Allow allow) {
            return new HttpApiResponse(true, ApiResponses.context(allow.principal()));
        }
        return HTTP_DENY;
    }

    /**
     * REST API policy. Authenticated: {@code Allow} on every route the user's permissions grant
     * (see {@link PolicyResources}) plus the route asked for when it is permitted, or an explicit
     * {@code Deny} of the route asked for when it is not (so the cached policy also refuses it);
     * principal and context set either way. Not authenticated: {@code Deny} on everything.
     */
    public RestApiResponse restApi(Decision decision, MethodArn arn) {
        Principal principal = decision instanceof Decision.Allow allow ? allow.principal()
                : decision instanceof Decision.Deny deny ? deny.principal() : null;
        if (principal == null || arn == null) {
            return REST_DENY;
        }
        Set<String> allowed = new LinkedHashSet<>(PolicyResources.allowed(principal, app.roles(), arn));
        String asked = arn.text();
        boolean permitted = decision instanceof Decision.Allow;
        if (permitted && asked.indexOf('*') < 0 && asked.indexOf('?') < 0) {
            allowed.add(asked); // exact: even when its permission could not be written as a resource
        }
        List<Statement> statements = new ArrayList<>(2);
        if (!allowed.isEmpty()) {
            statements.add(Statement.allow(new ArrayList<>(allowed)));
        }
        if (!permitted) {
            statements.add(Statement.deny(List.of(asked)));
        }
        return new RestApiResponse(principal.userId(), new PolicyDocument(statements), ApiResponses.context(principal));
    }

    /** The body for {@code decision}; the constant deny body whenever anything goes wrong. Never throws. */
    public byte[] httpApiBytes(Decision decision) {
        try {
            HttpApiResponse response = httpApi(decision);
            return response == HTTP_DENY ? HTTP_DENY_BYTES : ResponseWriter.write(response);
        } catch (IOException | RuntimeException e) {
            return HTTP_DENY_BYTES;
        }
    }

    /** The body for {@code decision}; the constant deny-all body whenever anything goes wrong. Never throws. */
    public byte[] restApiBytes(Decision decision, MethodArn arn) {
        try {
            RestApiResponse response = restApi(decision, arn);
            return response == REST_DENY ? REST_DENY_BYTES : ResponseWriter.write(response);
        } catch (IOException | RuntimeException e) {
            return REST_DENY_BYTES;
        }
    }
}
