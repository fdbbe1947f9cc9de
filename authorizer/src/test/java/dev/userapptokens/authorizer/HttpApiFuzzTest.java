package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.userapptokens.core.DynamoWiring;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * 10,000 generated malformed or hostile HTTP API events (fixed seed) straight into the handler
 * bean, and a few hundred more through the mock event server: every answer is exactly
 * {@code {"isAuthorized":false}}, nothing throws, the slowest stays well under a second.
 */
@QuarkusTest
@TestProfile(HttpApiProfile.class)
class HttpApiFuzzTest {

    static final String DENY = "{\"isAuthorized\":false}";

    @Inject
    DynamoWiring app;

    @Inject
    TestClock clock;

    @Inject
    HttpApiHandler handler;

    @Test
    void tenThousandMalformedEventsAreAllDenied() {
        List<FuzzCorpus.Case> cases = new FuzzCorpus(20260101L, FuzzCorpus.Api.HTTP, Fuzz.tokens(app, clock)).generate(10_000);
        Fuzz.Report report = Fuzz.run(cases, event -> Fuzz.direct(handler, event), (c, response) -> DENY.equals(response));
        System.out.println("HTTP API fuzz, handler bean: " + report);
    }

    @Test
    void aSampleThroughTheEventServerIsDeniedToo() {
        List<FuzzCorpus.Case> cases = new FuzzCorpus(7L, FuzzCorpus.Api.HTTP, Fuzz.tokens(app, clock)).generate(300);
        Lambda.invoke("{}"); // warm the test's HTTP client and the event server: their set-up is not the handler's time
        // the event server adds its own long-poll round trip per event, so this bound is the harness's, not the handler's
        Fuzz.Report report = Fuzz.run(cases, Lambda::invoke, (c, response) -> DENY.equals(response),
                java.time.Duration.ofSeconds(5));
        System.out.println("HTTP API fuzz, mock event server: " + report);
        assertTrue(report.count() == 300);
    }
}
