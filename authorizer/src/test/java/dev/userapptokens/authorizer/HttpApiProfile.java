package dev.userapptokens.authorizer;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The function as deployed behind an HTTP API: QUARKUS_LAMBDA_HANDLER=http-api. */
public class HttpApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", HttpApiHandler.NAME);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalDynamoResource.class));
    }
}
