package dev.userapptokens.authorizer;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * API Gateway HTTP API authorizer, payload format 2.0, simple responses
 * ({@code QUARKUS_LAMBDA_HANDLER=http-api}). Any input gets an answer, a deny unless the token
 * authenticates and a permission matches the route.
 */
@Named(HttpApiHandler.NAME)
@Singleton
public class HttpApiHandler extends AuthorizerHandler implements RequestStreamHandler {

    public static final String NAME = "http-api";

    public HttpApiHandler(Authorizer authorizer, Telemetry telemetry) {
        super(NAME, authorizer, telemetry);
    }

    @Override
    AuthorizerRequest parse(JsonNode event) {
        return Events.httpApi(event);
    }

    @Override
    byte[] respond(Decision decision, AuthorizerRequest request) {
        return HttpApiResponse.json(decision);
    }
}
