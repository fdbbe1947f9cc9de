package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Method ARN parsing: the path is what follows the method (stage stripped); widening parts are refused. */
class MethodArnTest {

    @Test
    void parsesTheStageMethodAndPath() {
        MethodArn arn = MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/workspaces/ws-1/items");
        assertNotNull(arn);
        assertEquals("aws", arn.partition());
        assertEquals("eu-west-1", arn.region());
        assertEquals("123456789012", arn.account());
        assertEquals("abc123", arn.apiId());
        assertEquals("prod", arn.stage());
        assertEquals("GET", arn.method());
        assertEquals("/v1/workspaces/ws-1/items", arn.path());
        assertEquals("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/", arn.stagePrefix());
        assertEquals("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/workspaces/ws-1/items", arn.text());
    }

    @Test
    void rootAndStageNamedLikeAPathSegment() {
        assertEquals("/", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/prod/GET/").path());
        assertEquals("/", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/prod/GET").path());
        assertEquals("/v1/me", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/v1/GET/v1/me").path());
        assertEquals("$default", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/$default/POST/x").stage());
        assertEquals("aws-cn", MethodArn.parse("arn:aws-cn:execute-api:cn-north-1:1:a/s/GET/x").partition());
    }

    @Test
    void pathIsKeptAsSentForTheAccessPolicyToJudge() {
        assertEquals("/v1/users/../x", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/s/GET/v1/users/../x").path());
        assertEquals("//x", MethodArn.parse("arn:aws:execute-api:us-east-1:1:a/s/GET//x").path());
    }

    @Test
    void refusesWhatIsNotAnExecuteApiMethodArnOrWouldWidenAPolicy() {
        for (String arn : new String[] {null, "", "arn", "arn:aws:execute-api:us-east-1:1:a",
                "arn:aws:execute-api:us-east-1:1:a/s", "arn:aws:lambda:us-east-1:1:a/s/GET/x",
                "arn:azure:execute-api:us-east-1:1:a/s/GET/x", "xrn:aws:execute-api:us-east-1:1:a/s/GET/x",
                "arn:aws:execute-api::1:a/s/GET/x", "arn:aws:execute-api:us-east-1::a/s/GET/x",
                "arn:aws:execute-api:us-east-1:1:/s/GET/x", "arn:aws:execute-api:us-east-1:1:a//GET/x",
                "arn:aws:execute-api:us-east-1:1:a/s//x", "arn:aws:execute-api:*:1:a/s/GET/x",
                "arn:aws:execute-api:us-east-1:*:a/s/GET/x", "arn:aws:execute-api:us-east-1:1:*/s/GET/x",
                "arn:aws:execute-api:us-east-1:1:a/*/GET/x", "arn:aws:execute-api:us-east-1:1:a/s/*/x",
                "arn:aws:execute-api:us-east-1:1:a/s?/GET/x", "arn:aws:execute-api:us-east-1:1:a/s/get/x",
                "arn:aws:execute-api:us-east-1:1:a/s/G3T/x", "arn:aws:execute-api:us east:1:a/s/GET/x",
                "arn:aws:execute-api:us-east-1:1:a\u00e9/s/GET/x", "arn:aws:execute-api:us-east-1:1:a/s/GET/" + "x".repeat(5000)}) {
            assertNull(MethodArn.parse(arn), arn);
        }
    }
}
