package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.auth.DenyReason;

/**
 * What both handlers do with an event: read it, decide, answer, log. Subclasses say only how
 * their event shape is read and how a decision is written. Never throws for any input. (The
 * subclasses declare {@link RequestStreamHandler} themselves, so Quarkus's handler discovery sees
 * only the two concrete handlers.)
 */
abstract class AuthorizerHandler {

    private final Logger log;
    private final Authorizer authorizer;

    AuthorizerHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
        this.log = Logger.getLogger(getClass());
    }

    /** The request in {@code event}, or an {@link AuthorizerRequest.Invalid} one. */
    abstract AuthorizerRequest parse(JsonNode event);

    /** The response body for {@code decision}; {@code request} is null when the event could not be read. */
    abstract byte[] respond(Decision decision, AuthorizerRequest request);

    /** {@link RequestStreamHandler#handleRequest}, for both handlers. */
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(input));
        output.flush();
    }

    /** The response body for one event. Never throws. */
    public byte[] handle(InputStream input) {
        long start = System.nanoTime();
        AuthorizerRequest request = null;
        Decision decision;
        try {
            request = parse(WireJson.read(input));
            decision = authorizer.decide(request);
        } catch (RuntimeException e) {
            decision = new Decision.Deny(DenyReason.MALFORMED);
        }
        byte[] body = respond(decision, request);
        Log.decision(log, decision, start);
        return body;
    }
}
