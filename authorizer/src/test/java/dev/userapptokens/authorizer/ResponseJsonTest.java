package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.users.RoleAssignment;

/** Golden JSON: the exact bodies of the two response shapes, as API Gateway reads them. */
class ResponseJsonTest {

    private static final Principal PRINCIPAL = new Principal("usr_1", "a@example.com", "tok_1",
            List.of(RoleAssignment.of("DEVELOPER"), RoleAssignment.of("WORKSPACE_MANAGER", "ws-1", "ws-2")));
    private static final String CONTEXT = "\"context\":{\"userId\":\"usr_1\",\"email\":\"a@example.com\","
            + "\"tokenId\":\"tok_1\",\"roles\":\"DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2\"}";
    private static final String ARN = "arn:aws:execute-api:eu-west-1:1:api/prod/";

    /** Quote, backslash, slash, controls, tab, non-ASCII, a character outside the BMP, markup. */
    private static final String ODD = "q\"b\\s/c\u0001\u001ft\ttab\u00e9\u20ac\ud83d\ude00</script>";
    private static final String ODD_JSON = "q\\\"b\\\\s/c\\u0001\\u001Ft\\ttab\u00e9\u20ac\\uD83D\\uDE00</script>";

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void httpApiAllowAndDeny() throws Exception {
        assertEquals("{\"isAuthorized\":true," + CONTEXT + "}", text(HttpApiResponse.json(new Decision.Allow(PRINCIPAL))));
        assertEquals("{\"isAuthorized\":false}", text(HttpApiResponse.json(new Decision.Deny(DenyReason.NOT_PERMITTED, PRINCIPAL))));
        assertEquals("{\"isAuthorized\":false}", text(HttpApiResponse.json(new Decision.Deny(DenyReason.MALFORMED))));
        assertSame(HttpApiResponse.DENY_JSON, HttpApiResponse.json(null), "anything unexpected is the constant deny");
    }

    @Test
    void httpApiEscapingAndAbsentFields() throws Exception {
        assertEquals("{\"isAuthorized\":true,\"context\":{\"userId\":\"" + ODD_JSON + "\",\"email\":\"\",\"roles\":\"\"}}",
                text(new HttpApiResponse(true, new AuthorizerContext(ODD, "", null, "")).toJson()));
    }

    @Test
    void restApiPolicies() throws Exception {
        assertEquals("{\"principalId\":\"usr_1\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":[\"" + ARN + "GET/v1/me\"]}]},"
                        + CONTEXT + "}",
                text(new RestApiResponse("usr_1", List.of(ARN + "GET/v1/me"), List.of(), AuthorizerContext.of(PRINCIPAL)).toJson()));
        assertEquals("{\"principalId\":\"usr_1\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":[\"" + ARN + "GET/v1/me\",\""
                        + ARN + "GET/v1/workspaces/ws-1\"]},"
                        + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Deny\",\"Resource\":[\"" + ARN + "DELETE/v1/me\"]}]},"
                        + CONTEXT + "}",
                text(new RestApiResponse("usr_1", List.of(ARN + "GET/v1/me", ARN + "GET/v1/workspaces/ws-1"),
                        List.of(ARN + "DELETE/v1/me"), AuthorizerContext.of(PRINCIPAL)).toJson()));
        assertEquals("{\"principalId\":\"" + ODD_JSON + "\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":["
                        + "{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Deny\",\"Resource\":[\"" + ARN + "GET/" + ODD_JSON + "\"]}]}}",
                text(new RestApiResponse(ODD, List.of(), List.of(ARN + "GET/" + ODD), null).toJson()));
    }

    @Test
    void restApiDenyAll() {
        assertEquals("{\"principalId\":\"anonymous\",\"policyDocument\":{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Deny\",\"Resource\":[\"*\"]}]}}",
                text(RestApiResponse.DENY_ALL_JSON));
        assertEquals(RestApiAuthorizerTest.DENY_ALL, text(RestApiResponse.DENY_ALL_JSON));
    }
}
