package dev.userapptokens.admin.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import dev.userapptokens.core.SnapStartHooks;
import dev.userapptokens.core.tokens.TokenFormat;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Lambda SnapStart priming (JVM mode; the runtime calls these hooks, nothing else does): before
 * the snapshot, one request goes the whole way a real one goes ({@code GET /v1/me} with a
 * well-formed token that was never issued, as event bytes through the entry point
 * QuarkusStreamHandler calls: event parse, HTTP layer, authentication, the verification's real
 * GetItem and roles Scan, the 401 problem written); after a restore, core drops what must be
 * fresh. Quarkus itself already boots fully and preloads the application's classes at init
 * (quarkus.snapstart.* defaults). A failed priming is logged, never fatal: it only saves time.
 */
@Singleton
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final SnapStartHooks core;

    public SnapStartPriming(SnapStartHooks core) {
        this.core = core;
    }

    void register(@Observes StartupEvent start) {
        if (!ImageMode.current().isNativeImage()) {
            Core.getGlobalContext().register(this); // held strongly: this is a singleton bean
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LOG.info("SnapStart priming: one request with a never-issued token before the snapshot");
        try {
            LOG.debugf("priming answer: %s", primingAnswer());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("SnapStart priming request failed (%s); the snapshot is taken without it", e.getClass().getName());
        }
        core.beforeCheckpoint();
    }

    /** The Lambda response (JSON) to the priming request. */
    String primingAnswer() throws IOException {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/v1/me\",\"rawQueryString\":\"\","
                + "\"headers\":{\"authorization\":\"Bearer " + new TokenFormat().generate() + "\",\"accept\":\"application/json\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/v1/me\",\"protocol\":\"HTTP/1.1\","
                + "\"sourceIp\":\"127.0.0.1\"},\"stage\":\"$default\",\"requestId\":\"snapstart-priming\"},\"isBase64Encoded\":false}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AmazonLambdaRecorder.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        core.afterRestore();
    }
}
