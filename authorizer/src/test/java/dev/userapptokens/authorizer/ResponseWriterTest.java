package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userapptokens.authorizer.ApiResponses.HttpApiResponse;
import dev.userapptokens.authorizer.ApiResponses.PolicyDocument;
import dev.userapptokens.authorizer.ApiResponses.RestApiResponse;
import dev.userapptokens.authorizer.ApiResponses.Statement;

/**
 * The streaming writer makes byte for byte what data binding made of the same records before it
 * ({@code writeValueAsBytes}, UTF-8: characters outside the BMP escaped as surrogate pairs).
 */
class ResponseWriterTest {

    private static final String ODD = "q\"b\\s/c\u0001\u001ft\ttab\u00e9\u20ac\ud83d\ude00</script>";

    private static Map<String, String> context(String... keysAndValues) {
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return context;
    }

    private static void same(Object record, byte[] written) throws Exception {
        assertEquals(new String(Json.MAPPER.writeValueAsBytes(record), StandardCharsets.UTF_8),
                new String(written, StandardCharsets.UTF_8));
    }

    @Test
    void httpApiResponses() throws Exception {
        for (HttpApiResponse response : List.of(
                new HttpApiResponse(true, context("userId", "usr_1", "email", "a@example.com", "tokenId", "tok_1",
                        "roles", "DEVELOPER,WORKSPACE_MANAGER:ws-1|ws-2")),
                new HttpApiResponse(true, context("email", ODD, "empty", "", "none", null)),
                new HttpApiResponse(true, Map.of()),
                new HttpApiResponse(false, null),
                new HttpApiResponse(true, null))) {
            same(response, ResponseWriter.write(response));
        }
    }

    @Test
    void restApiResponses() throws Exception {
        PolicyDocument policy = new PolicyDocument(List.of(
                Statement.allow(List.of("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/v1/me",
                        "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/v1/workspaces/" + ODD + "/*")),
                Statement.deny(List.of("*"))));
        for (RestApiResponse response : List.of(
                new RestApiResponse("usr_1", policy, context("userId", "usr_1", "roles", "DEVELOPER")),
                new RestApiResponse(ODD, policy, null),
                new RestApiResponse(null, null, null),
                new RestApiResponse("u", new PolicyDocument(null, null), context()),
                new RestApiResponse("u", new PolicyDocument(null, Arrays.asList(new Statement(null, null, null), null)),
                        context("k", null)),
                Responses.REST_DENY)) {
            same(response, ResponseWriter.write(response));
        }
    }
}
