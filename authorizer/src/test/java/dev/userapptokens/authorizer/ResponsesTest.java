package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.authorizer.ApiResponses.HttpApiResponse;
import dev.userapptokens.authorizer.ApiResponses.PolicyDocument;
import dev.userapptokens.authorizer.ApiResponses.RestApiResponse;
import dev.userapptokens.authorizer.ApiResponses.Statement;

/** The response records serialise to exactly API Gateway's field names, and the constant deny bodies match them. */
class ResponsesTest {

    @Test
    void constantDenyBodiesAreWhatTheRecordsSerialiseTo() throws Exception {
        assertEquals(Json.MAPPER.writeValueAsString(Responses.HTTP_DENY),
                new String(Responses.HTTP_DENY_BYTES, StandardCharsets.US_ASCII));
        assertEquals(Json.MAPPER.writeValueAsString(Responses.REST_DENY),
                new String(Responses.REST_DENY_BYTES, StandardCharsets.US_ASCII));
        assertEquals(RestApiAuthorizerTest.DENY_ALL, new String(Responses.REST_DENY_BYTES, StandardCharsets.US_ASCII));
    }

    @Test
    void fieldNamesAndOrderAreApiGateways() throws Exception {
        assertEquals("{\"isAuthorized\":true,\"context\":{\"userId\":\"u\"}}",
                Json.MAPPER.writeValueAsString(new HttpApiResponse(true, Map.of("userId", "u"))));
        assertEquals("{\"principalId\":\"u\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":[\"arn:x\"]}]},"
                        + "\"context\":{\"roles\":\"DEVELOPER\"}}",
                Json.MAPPER.writeValueAsString(new RestApiResponse("u",
                        new PolicyDocument(List.of(Statement.allow(List.of("arn:x")))), Map.of("roles", "DEVELOPER"))));
    }
}
