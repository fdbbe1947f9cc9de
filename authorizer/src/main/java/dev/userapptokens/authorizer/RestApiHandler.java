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
 * API Gateway REST API authorizer, {@code TOKEN} and {@code REQUEST} types, answering with an IAM
 * policy ({@code QUARKUS_LAMBDA_HANDLER=rest-api}). Any input gets an answer; {@code Deny} on
 * everything unless the token authenticates.
 */
@Named(RestApiHandler.NAME)
@Singleton
public class RestApiHandler implements RequestStreamHandler {

    public static final String NAME = "rest-api";
    private static final Logger LOG = Logger.getLogger(RestApiHandler.class);

    private final Authorizer authorizer;
    private final Responses responses;

    public RestApiHandler(Authorizer authorizer, Responses responses) {
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
        MethodArn arn = null;
        try {
            AuthorizerRequest request = Events.restApi(Handlers.read(input));
            if (request instanceof AuthorizerRequest.Request valid) {
                arn = valid.arn();
            }
            decision = authorizer.decide(request);
        } catch (RuntimeException | StackOverflowError e) {
            decision = new Decision.Deny(DenyReason.MALFORMED);
        }
        byte[] body = responses.restApiBytes(decision, arn);
        Log.decision(LOG, decision, start);
        return body;
    }
}
