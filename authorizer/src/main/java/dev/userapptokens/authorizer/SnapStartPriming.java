package dev.userapptokens.authorizer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import dev.userapptokens.core.SnapStartHooks;
import dev.userapptokens.core.tokens.TokenFormat;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Lambda SnapStart priming (JVM mode; the runtime calls these hooks, nothing else does): before
 * the snapshot, both handlers answer a well-formed token that was never issued, so the snapshot
 * holds the event parse, the verification with its real GetItem and roles Scan, the decision and
 * the response writers loaded, initialised and warmed; after a restore, core drops what must be
 * fresh. Quarkus itself already boots fully and preloads the application's classes at init
 * (quarkus.snapstart.* defaults). Its cost and gain are measured in BENCHMARKS.md.
 */
@Singleton
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    private final SnapStartHooks core;
    private final HttpApiHandler http;
    private final RestApiHandler rest;
    private final Telemetry telemetry;

    public SnapStartPriming(SnapStartHooks core, HttpApiHandler http, RestApiHandler rest, Telemetry telemetry) {
        this.core = core;
        this.http = http;
        this.rest = rest;
        this.telemetry = telemetry;
    }

    void register(@Observes StartupEvent start) {
        if (!ImageMode.current().isNativeImage()) {
            Core.getGlobalContext().register(this); // held strongly: this is a singleton bean
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        String bearer = "Bearer " + new TokenFormat().generate();
        String httpEvent = "{\"version\":\"2.0\",\"type\":\"REQUEST\",\"routeArn\":\"arn:aws:execute-api:us-east-1:000000000000:prime/$default/GET/v1/me\","
                + "\"routeKey\":\"ANY /{proxy+}\",\"rawPath\":\"/v1/me\",\"headers\":{\"authorization\":\"" + bearer + "\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/v1/me\"},\"stage\":\"$default\"}}";
        String restEvent = "{\"type\":\"TOKEN\",\"authorizationToken\":\"" + bearer + "\","
                + "\"methodArn\":\"arn:aws:execute-api:us-east-1:000000000000:prime/prod/GET/v1/me\"}";
        LOG.info("SnapStart priming: answering a never-issued token before the snapshot");
        http.handle(stream(httpEvent));
        rest.handle(stream(restEvent));
        telemetry.prime();
        core.beforeCheckpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        core.afterRestore();
        telemetry.restored(); // the priming's answers were not recorded (handle()); the restore is the cold start
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
