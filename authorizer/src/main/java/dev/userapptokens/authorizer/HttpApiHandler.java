package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.userapptokens.core.auth.DenyReason;

/**
 * API Gateway HTTP API authorizer, payload format 2.0, simple responses
 * ({@code QUARKUS_LAMBDA_HANDLER=http-api}). Parse the event, decide, answer: any input gets an
 * answer, a deny unless the token authenticates and a permission matches the route.
 */
@Named(HttpApiHandler.NAME)
@Singleton
public class HttpApiHandler implements RequestStreamHandler {

    public static final String NAME = "http-api";
    private static final Logger LOG = Logger.getLogger(HttpApiHandler.class);

    private final Authorizer authorizer;
    private final Responses responses;

    public HttpApiHandler(Authorizer authorizer, Responses responses) {
        this.authorizer = authorizer;
        this.responses = responses;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(input));
        output.flush();
    }

    /** The response body for one event. Never throws. */
    public byte[] handle(InputStream input) {
        long start = System.nanoTime();
        Decision decision;
        try {
            AuthorizerRequest request = Events.httpApi(Handlers.read(input));
            decision = authorizer.decide(request);
        } catch (RuntimeException | StackOverflowError e) {
            decision = new Decision.Deny(DenyReason.MALFORMED);
        }
        byte[] body = responses.httpApiBytes(decision);
        Log.decision(LOG, decision, start);
        return body;
    }
}
