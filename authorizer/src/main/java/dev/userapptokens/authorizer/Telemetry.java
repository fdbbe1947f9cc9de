package dev.userapptokens.authorizer;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.userapptokens.core.auth.DenyReason;
import dev.userapptokens.core.auth.Principal;
import dev.userapptokens.core.metrics.EmfLine;
import dev.userapptokens.core.metrics.MetricLines;

/**
 * What each decision tells the operators, never the token nor its hash nor the header: <b>one
 * line per decision</b>.
 * <ul>
 * <li>With {@code uat.metrics.emf} (on Lambda: {@code LOG_JSON=true}) it is a CloudWatch embedded
 * metric format line (namespace {@code uat.metrics.namespace}) that is also the decision's JSON log
 * line: metrics {@code Allows}, {@code VerificationLatency} (ms, event in to response out),
 * {@code StorageErrors} (failed DynamoDB calls), {@code ColdStarts} by {@code Handler};
 * {@code Denies} by {@code Handler}, by {@code Reason} (core's {@code DenyReason}) and by both;
 * and, as plain members, {@code level}, {@code loggerName}, {@code message}, {@code decision},
 * {@code tokenId} and {@code userId} when known, {@code coldStart}, {@code AWSRequestId}. One
 * write per decision instead of a log record and a metric line, and no log record to format
 * (BENCHMARKS.md, issue 16: 7.7 µs per request on a C1-only JIT).</li>
 * <li>Otherwise (local runs, text logs) an INFO log record, category {@value #CATEGORY}, its fields
 * in the MDC (a JSON log line carries each as a member of {@code mdc}).</li>
 * </ul>
 * No dimension names a token, a user or a request. The request id is Lambda's, in the MDC as
 * {@code AWSRequestId} (the key Quarkus's own poll loop uses in native mode) for the whole
 * invocation, so every other line the invocation logs (a storage warning) carries it.
 */
@Singleton
public class Telemetry {

    static final String CATEGORY = "dev.userapptokens.authorizer.decisions";
    static final String REQUEST_ID = "AWSRequestId";
    static final List<List<String>> BY_HANDLER = List.of(List.of("Handler"));
    static final List<List<String>> BY_REASON = List.of(List.of("Handler"), List.of("Reason"), List.of("Handler", "Reason"));

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final List<String> FIELDS = List.of(REQUEST_ID, "handler", "decision", "denyReason", "tokenId",
            "userId", "latencyMs", "coldStart");

    private final StorageErrors storageErrors;
    private final Consumer<String> metricLines;
    private final boolean emf;
    private final String namespace;
    private final boolean logDecisions;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    @Inject
    public Telemetry(StorageErrors storageErrors, MetricLines metricLines,
                     @ConfigProperty(name = "uat.metrics.emf", defaultValue = "false") boolean emf,
                     @ConfigProperty(name = "uat.metrics.namespace", defaultValue = "UserAppTokens") String namespace) {
        this(storageErrors, metricLines, emf, namespace, true);
    }

    /**
     * Outside CDI (the JMH benchmark, tests): {@code metricLines} receives each EMF line when
     * {@code emf}; without, {@code logDecisions} false leaves out the log record too.
     */
    public Telemetry(StorageErrors storageErrors, Consumer<String> metricLines, boolean emf, String namespace,
                     boolean logDecisions) {
        this.storageErrors = storageErrors;
        this.metricLines = metricLines;
        this.emf = emf;
        this.namespace = namespace;
        this.logDecisions = logDecisions;
    }

    /** At the start of an invocation: every line logged until {@link #decided} carries the request id. */
    void started(String requestId) {
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
    }

    /** The invocation's decision, after its response was written. Never throws. */
    void decided(String handler, Decision decision, long startNanos, String requestId) {
        try {
            double latencyMs = (System.nanoTime() - startNanos) / 1_000_000.0;
            boolean coldStart = cold.getAndSet(false);
            int storageFailures = storageErrors.drain();
            if (emf) {
                EmfLine line = metricsLine(handler, decision, latencyMs, coldStart, storageFailures, requestId,
                        System.currentTimeMillis());
                if (LOG.isInfoEnabled()) { // the metrics are written at any level; the log members at INFO
                    logMembers(line, decision, latencyMs, coldStart);
                }
                metricLines.accept(line.toJson());
            } else if (logDecisions) {
                log(handler, decision, latencyMs, coldStart);
            }
        } catch (RuntimeException e) {
            LOG.warnf("decision not recorded: %s", e.getClass().getName());
        } finally {
            for (String key : FIELDS) {
                MDC.remove(key);
            }
        }
    }

    /** Before a SnapStart snapshot: the EMF writer's classes loaded and run once (nothing is written). */
    void prime() {
        Decision deny = new Decision.Deny(DenyReason.UNKNOWN);
        logMembers(metricsLine(HttpApiHandler.NAME, deny, 1.0, false, 0, "prime", 0L), deny, 1.0, false);
        metrics(HttpApiHandler.NAME, new Decision.Allow(null), 1.0, false, 0, "prime", 0L);
    }

    /** A SnapStart restore is this function's cold start: the next decision says so. */
    void restored() {
        cold.set(true);
        storageErrors.drain(); // failures of the priming before the snapshot are not the restored function's
    }

    private static Principal principal(Decision decision) {
        return decision instanceof Decision.Allow allow ? allow.principal() : ((Decision.Deny) decision).principal();
    }

    /** For text logs: "allow token=tok_.. user=usr_.. 1.234ms", "deny UNKNOWN 0.321ms cold". */
    private static String message(Decision decision, String latency, boolean coldStart) {
        Principal principal = principal(decision);
        // Concatenated: a format string would load and run java.util.Formatter on every decision.
        return (decision instanceof Decision.Deny deny ? "deny " + deny.reason().name() : "allow")
                + (principal == null ? "" : " token=" + principal.tokenId() + " user=" + principal.userId())
                + " " + latency + "ms" + (coldStart ? " cold" : "");
    }

    private static void logMembers(EmfLine line, Decision decision, double latencyMs, boolean coldStart) {
        Principal principal = principal(decision);
        line.property("level", "INFO")
                .property("loggerName", CATEGORY)
                .property("message", message(decision, EmfLine.thousandths(latencyMs), coldStart))
                .property("decision", decision instanceof Decision.Allow ? "allow" : "deny")
                .property("coldStart", coldStart);
        if (principal != null) {
            line.property("tokenId", principal.tokenId()).property("userId", principal.userId());
        }
    }

    private static void log(String handler, Decision decision, double latencyMs, boolean coldStart) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Principal principal = principal(decision);
        String latency = EmfLine.thousandths(latencyMs);
        MDC.put("handler", handler);
        MDC.put("decision", decision instanceof Decision.Allow ? "allow" : "deny");
        MDC.put("latencyMs", latency);
        MDC.put("coldStart", Boolean.toString(coldStart));
        if (decision instanceof Decision.Deny deny) {
            MDC.put("denyReason", deny.reason().name());
        }
        if (principal != null) {
            MDC.put("tokenId", principal.tokenId());
            MDC.put("userId", principal.userId());
        }
        LOG.info(message(decision, latency, coldStart));
    }

    String metrics(String handler, Decision decision, double latencyMs, boolean coldStart, int storageFailures,
                   String requestId, long nowMillis) {
        return metricsLine(handler, decision, latencyMs, coldStart, storageFailures, requestId, nowMillis).toJson();
    }

    private EmfLine metricsLine(String handler, Decision decision, double latencyMs, boolean coldStart,
                                int storageFailures, String requestId, long nowMillis) {
        EmfLine line = new EmfLine(namespace, nowMillis)
                .property("Handler", handler)
                .property(REQUEST_ID, requestId)
                .metric("VerificationLatency", latencyMs, EmfLine.Unit.MILLISECONDS)
                .metric("StorageErrors", storageFailures, EmfLine.Unit.COUNT)
                .metric("ColdStarts", coldStart ? 1 : 0, EmfLine.Unit.COUNT);
        if (decision instanceof Decision.Deny deny) {
            line.property("Reason", deny.reason().name())
                    .metric("Denies", 1, EmfLine.Unit.COUNT)
                    .directive(BY_HANDLER, "VerificationLatency", "StorageErrors", "ColdStarts")
                    .directive(BY_REASON, "Denies");
        } else {
            line.metric("Allows", 1, EmfLine.Unit.COUNT)
                    .directive(BY_HANDLER, "Allows", "VerificationLatency", "StorageErrors", "ColdStarts");
        }
        return line;
    }
}
