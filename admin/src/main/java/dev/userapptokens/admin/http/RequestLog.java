package dev.userapptokens.admin.http;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import dev.userapptokens.core.metrics.EmfLine;
import dev.userapptokens.core.metrics.MetricLines;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One line per request, whatever answers it (a resource, the problem mapper, a static file).
 * With {@code uat.metrics.emf} (on Lambda: {@code LOG_JSON=true}) it is a CloudWatch EMF line that
 * is also the request's JSON log line: {@code Requests} by {@code Route} and {@code StatusClass}
 * (and by class alone), {@code RequestLatency} by route, and as plain members {@code level},
 * {@code loggerName}, {@code message}, {@code status}, {@code actor}, {@code AWSRequestId}.
 * Otherwise (local runs) an INFO record, category {@value #CATEGORY}, fields in the MDC
 * (AWSRequestId, route, status, actor, latencyMs).
 *
 * <p>The route is API Gateway's route key ({@code GET /v1/users/{id}}), never the raw path: a path
 * is the caller's text and could hold anything, a token included; without a route key (the tests'
 * event server) it is {@code -}. The actor is the authenticated user's id, set by
 * AppTokenIdentityProvider. The request id is Lambda's, put in the MDC first so every other line
 * the request logs carries it (Quarkus keeps the MDC with the request's Vert.x context across
 * threads).
 */
@Singleton
public class RequestLog {

    static final String CATEGORY = "dev.userapptokens.admin.requests";
    /** Routing context key of the authenticated user's id. */
    public static final String ACTOR = "uat.actor";
    static final String NO_ROUTE = "-";
    /** The MDC key Quarkus's Lambda runtime gives the request id (on its own thread); the same here. */
    static final String REQUEST_ID = "AWSRequestId";
    private static final List<String> FIELDS = List.of("route", "status", "latencyMs", "actor");
    private static final List<List<String>> BY_ROUTE_AND_CLASS = List.of(List.of("Route", "StatusClass"), List.of("StatusClass"));
    private static final List<List<String>> BY_ROUTE = List.of(List.of("Route"));
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Inject
    MetricLines metricLines;

    @ConfigProperty(name = "uat.metrics.emf", defaultValue = "false")
    boolean emf;

    @ConfigProperty(name = "uat.metrics.namespace", defaultValue = "UserAppTokens")
    String namespace;

    /** First on the router: every request, public files included, is timed and recorded once it ends. */
    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::start);
    }

    private void start(RoutingContext context) {
        long start = System.nanoTime();
        Context lambda = null;
        APIGatewayV2HTTPEvent event = null;
        if (context.request().headers() instanceof QuarkusHttpHeaders headers) {
            lambda = (Context) headers.getContextObject(Context.class);
            event = (APIGatewayV2HTTPEvent) headers.getContextObject(APIGatewayV2HTTPEvent.class);
        }
        if (lambda == null) {
            context.next(); // no Lambda invocation: SnapStart's priming request, not a caller's
            return;
        }
        String requestId = lambda.getAwsRequestId();
        String route = route(event);
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        context.addEndHandler(ended -> record(route, context.response().getStatusCode(), context.get(ACTOR), requestId, start));
        context.next();
    }

    static String route(APIGatewayV2HTTPEvent event) {
        String key = event == null ? null : event.getRouteKey();
        return key == null || key.isEmpty() || key.equals("$default") ? NO_ROUTE : key;
    }

    /** The request's line (and metrics). Never throws. */
    void record(String route, int status, String actor, String requestId, long startNanos) {
        try {
            double latencyMs = (System.nanoTime() - startNanos) / 1_000_000.0;
            String latency = EmfLine.thousandths(latencyMs);
            // Concatenated: a format string would load and run java.util.Formatter on every request.
            String message = route + " " + status + (actor == null ? "" : " actor=" + actor) + " " + latency + "ms";
            if (emf) {
                EmfLine line = metricsLine(route, (status / 100) + "xx", latencyMs, requestId, System.currentTimeMillis());
                if (LOG.isInfoEnabled()) { // the metrics are written at any level; the log members at INFO
                    line.property("level", "INFO").property("loggerName", CATEGORY).property("message", message)
                            .property("status", Integer.toString(status)).property("actor", actor);
                }
                metricLines.accept(line.toJson());
            } else if (LOG.isInfoEnabled()) {
                if (requestId != null) {
                    MDC.put(REQUEST_ID, requestId);
                }
                MDC.put("route", route);
                MDC.put("status", Integer.toString(status));
                MDC.put("latencyMs", latency);
                if (actor != null) {
                    MDC.put("actor", actor);
                }
                LOG.info(message);
            }
        } catch (RuntimeException e) {
            LOG.warnf("request not recorded: %s", e.getClass().getName());
        } finally {
            for (String key : FIELDS) {
                MDC.remove(key);
            }
        }
    }

    String metrics(String route, String statusClass, double latencyMs, String requestId, long nowMillis) {
        return metricsLine(route, statusClass, latencyMs, requestId, nowMillis).toJson();
    }

    private EmfLine metricsLine(String route, String statusClass, double latencyMs, String requestId, long nowMillis) {
        return new EmfLine(namespace, nowMillis)
                .property("Route", route)
                .property("StatusClass", statusClass)
                .property(REQUEST_ID, requestId)
                .metric("Requests", 1, EmfLine.Unit.COUNT)
                .metric("RequestLatency", latencyMs, EmfLine.Unit.MILLISECONDS)
                .directive(BY_ROUTE_AND_CLASS, "Requests")
                .directive(BY_ROUTE, "RequestLatency");
    }
}
