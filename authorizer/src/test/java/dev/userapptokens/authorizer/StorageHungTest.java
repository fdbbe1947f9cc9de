package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.userapptokens.core.tokens.TokenFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Storage that never answers: each verification is a deny after the configured call timeout
 * (attempts cut by the attempt timeout), far inside API Gateway's 10 s authorizer limit.
 */
@QuarkusTest
@TestProfile(StorageHungProfile.class)
class StorageHungTest {

    @Inject
    RestApiHandler rest;

    @Inject
    HttpApiHandler http;

    @Test
    void unansweredStorageIsADenyAtTheCallTimeout() {
        Duration callTimeout = ConfigProvider.getConfig().getValue("quarkus.dynamodb.api-call-timeout", Duration.class);
        String token = new TokenFormat().generate(); // well-formed, so the verifier does read
        long slowest = 0;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            assertEquals("{\"isAuthorized\":false}",
                    Lambda.invoke(TestEvents.http("GET", "/v1/me", "Bearer " + token).toString()));
            long http = System.nanoTime() - t0;
            t0 = System.nanoTime();
            assertEquals(RestApiAuthorizerTest.DENY_ALL, new String(rest.handle(new ByteArrayInputStream(
                    TestEvents.restToken("GET", "/v1/me", "Bearer " + token).toString().getBytes(StandardCharsets.UTF_8))),
                    StandardCharsets.UTF_8));
            long direct = System.nanoTime() - t0;
            System.out.printf("storage hung: deny in %.0f ms (HTTP API via event server), %.0f ms (REST handler); "
                    + "call timeout %s%n", http / 1e6, direct / 1e6, callTimeout);
            slowest = Math.max(slowest, Math.max(http, direct));
            assertTrue(direct >= callTimeout.toNanos() / 2, "the wait really happened: " + direct / 1e6 + " ms");
        }
        assertTrue(slowest < callTimeout.plusMillis(1500).toNanos(), "deny took " + slowest / 1e6 + " ms");
    }

    @Test
    void malformedTokensAreDeniedAtOnceWithoutWaitingForStorage() {
        Lambda.invoke("{}"); // through the event server once, so the timing below is the handler's alone
        CountingInterceptor.reset();
        long t0 = System.nanoTime();
        for (String header : new String[] {"Bearer nope", "Basic x", "Bearer " + "a".repeat(48), null}) {
            assertEquals("{\"isAuthorized\":false}", new String(http.handle(new ByteArrayInputStream(
                    TestEvents.http("GET", "/v1/me", header).toString().getBytes(StandardCharsets.UTF_8))),
                    StandardCharsets.UTF_8));
        }
        long elapsed = System.nanoTime() - t0;
        assertEquals(0, CountingInterceptor.total(), "no storage call: " + CountingInterceptor.snapshot());
        assertTrue(elapsed < Duration.ofMillis(500).toNanos(), "took " + elapsed / 1e6 + " ms");
    }
}
