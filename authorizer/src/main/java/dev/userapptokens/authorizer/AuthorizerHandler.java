package dev.userapptokens.authorizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.auth.DenyReason;

/**
 * What both handlers do with an event: read it, decide, answer, record. Subclasses say only how
 * their event shape is read and how a decision is written. Never throws for any input. (The
 * subclasses declare {@link RequestStreamHandler} themselves, so Quarkus's handler discovery sees
 * only the two concrete handlers.)
 */
abstract class AuthorizerHandler {

    private final String name;
    private final Authorizer authorizer;
    private final Telemetry telemetry;

    AuthorizerHandler(String name, Authorizer authorizer, Telemetry telemetry) {
        this.name = name;
        this.authorizer = authorizer;
        this.telemetry = telemetry;
    }

    /** The request in {@code event}, or an {@link AuthorizerRequest.Invalid} one. */
    abstract AuthorizerRequest parse(JsonNode event);

    /** The response body for {@code decision}; {@code request} is null when the event could not be read. */
    abstract byte[] respond(Decision decision, AuthorizerRequest request);

    /**
     * {@link RequestStreamHandler#handleRequest}, for both handlers: the answer, then what it tells
     * the operators (a log line and the metrics, see {@link Telemetry}).
     */
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        String requestId = context == null ? null : context.getAwsRequestId();
        telemetry.started(requestId);
        Answer answer = answer(input);
        try {
            output.write(answer.body());
            output.flush();
        } finally {
            telemetry.decided(name, answer.decision(), start, requestId);
        }
    }

    /** The response body for one event, recording nothing (SnapStart priming answers this way). Never throws. */
    public byte[] handle(InputStream input) {
        return answer(input).body();
    }

    private record Answer(Decision decision, byte[] body) {
    }

    private Answer answer(InputStream input) {
        AuthorizerRequest request = null;
        Decision decision;
        try {
            request = parse(WireJson.read(input));
            decision = authorizer.decide(request);
        } catch (RuntimeException e) {
            decision = new Decision.Deny(DenyReason.MALFORMED);
        }
        return new Answer(decision, respond(decision, request));
    }
}
