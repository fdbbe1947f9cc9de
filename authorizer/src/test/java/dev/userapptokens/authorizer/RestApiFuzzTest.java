package dev.userapptokens.authorizer;

import java.io.IOException;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userapptokens.core.DynamoWiring;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * 10,000 generated malformed or hostile REST API events (TOKEN and REQUEST, fixed seed) straight
 * into the handler bean, and a few hundred more through the mock event server. Each answer is the
 * deny-all policy, or (for a real token on a route it may not use) a policy that API Gateway
 * would evaluate to a deny for the event's method ARN.
 */
@QuarkusTest
@TestProfile(RestApiProfile.class)
class RestApiFuzzTest {

    @Inject
    DynamoWiring app;

    @Inject
    TestClock clock;

    @Inject
    RestApiHandler handler;

    @Test
    void tenThousandMalformedEventsAreAllDenied() {
        List<FuzzCorpus.Case> cases = new FuzzCorpus(20260102L, FuzzCorpus.Api.REST, Fuzz.tokens(app, clock)).generate(10_000);
        Fuzz.Report report = Fuzz.run(cases, event -> Fuzz.direct(handler, event), RestApiFuzzTest::denied);
        System.out.println("REST API fuzz, handler bean: " + report);
    }

    @Test
    void aSampleThroughTheEventServerIsDeniedToo() {
        List<FuzzCorpus.Case> cases = new FuzzCorpus(11L, FuzzCorpus.Api.REST, Fuzz.tokens(app, clock)).generate(300);
        Lambda.invoke("{}"); // warm the test's HTTP client and the event server: their set-up is not the handler's time
        // the event server adds its own long-poll round trip per event, so this bound is the harness's, not the handler's
        Fuzz.Report report = Fuzz.run(cases, Lambda::invoke, RestApiFuzzTest::denied, java.time.Duration.ofSeconds(5));
        System.out.println("REST API fuzz, mock event server: " + report);
    }

    /** Deny-all, or a policy that does not allow the method ARN the event asked about. */
    static boolean denied(FuzzCorpus.Case c, String response) {
        if (RestApiAuthorizerTest.DENY_ALL.equals(response)) {
            return true;
        }
        try {
            JsonNode body = Lambda.JSON.readTree(response);
            JsonNode event = Lambda.JSON.readTree(c.event());
            String arn = event.path("methodArn").asText(null);
            return arn != null && body.has("principalId") && !IamPolicy.allows(body.get("policyDocument"), arn);
        } catch (IOException e) {
            return false;
        }
    }
}
