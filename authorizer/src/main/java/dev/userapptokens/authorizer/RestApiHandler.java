package dev.userapptokens.authorizer;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * API Gateway REST API authorizer, {@code TOKEN} and {@code REQUEST} types, answering with an IAM
 * policy ({@code QUARKUS_LAMBDA_HANDLER=rest-api}). Any input gets an answer; {@code Deny} on
 * everything unless the token authenticates.
 */
@Named(RestApiHandler.NAME)
@Singleton
public class RestApiHandler extends AuthorizerHandler implements RequestStreamHandler {

    public static final String NAME = "rest-api";

    private final IamPolicyWriter policies;

    public RestApiHandler(Authorizer authorizer, IamPolicyWriter policies, Telemetry telemetry) {
        super(NAME, authorizer, telemetry);
        this.policies = policies;
    }

    @Override
    AuthorizerRequest parse(JsonNode event) {
        return Events.restApi(event);
    }

    /** The policy covers the ARN asked about; without a readable one, everything is denied. */
    @Override
    byte[] respond(Decision decision, AuthorizerRequest request) {
        MethodArn arn = request instanceof AuthorizerRequest.Request valid ? valid.arn() : null;
        return policies.json(decision, arn);
    }
}
