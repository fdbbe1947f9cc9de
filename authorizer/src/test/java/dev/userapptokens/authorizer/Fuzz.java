package dev.userapptokens.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.userapptokens.core.DynamoWiring;
import dev.userapptokens.core.users.RoleAssignment;

/** Runs a fuzz corpus against a handler, checks every answer is a deny, and reports timings. */
final class Fuzz {

    /** "Well under a second" for the slowest single event. */
    static final Duration SLOWEST_ALLOWED = Duration.ofMillis(1000);

    private Fuzz() {
    }

    /** One event through the handler in this JVM, without the Lambda runtime around it. */
    static String direct(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A DEVELOPER-only token, and real tokens that never authenticate: revoked, of a deleted user, expired, no DEVELOPER. */
    static FuzzCorpus.Tokens tokens(DynamoWiring app, TestClock clock) {
        Users.Holder developer = Users.holder(app, RoleAssignment.of("DEVELOPER"));
        Users.Holder revoked = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        app.tokens().revoke(Users.ADMIN, revoked.user().id(), revoked.issued().info().id());
        Users.Holder deleted = Users.holder(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        app.users().delete(Users.ADMIN, deleted.user().id());
        Users.Holder noDeveloper = Users.holder(app, RoleAssignment.of("GLOBAL_USER_ADMIN"),
                RoleAssignment.of("WORKSPACE_MANAGER", "ws-1"));
        var expiringUser = Users.create(app, RoleAssignment.of("DEVELOPER"), RoleAssignment.of("GLOBAL_USER_ADMIN"));
        String expiring = Users.token(app, expiringUser, clock.instant().plus(Duration.ofMinutes(5))).token();
        clock.advance(Duration.ofMinutes(6));
        return new FuzzCorpus.Tokens(developer.token(),
                List.of(revoked.token(), deleted.token(), noDeveloper.token(), expiring));
    }

    record Report(int count, long maxNanos, String slowest, long p50Nanos, long p99Nanos, long totalNanos,
                  Map<String, Integer> kinds) {
        @Override
        public String toString() {
            return String.format("%d events, total %d ms, p50 %.3f ms, p99 %.3f ms, slowest %.3f ms (%s), by kind %s",
                    count, totalNanos / 1_000_000, p50Nanos / 1e6, p99Nanos / 1e6, maxNanos / 1e6, slowest, kinds);
        }
    }

    /** Every case through {@code handler}; {@code isDeny} judges each (case, response). All failures are listed. */
    static Report run(List<FuzzCorpus.Case> cases, Function<byte[], String> handler,
                      java.util.function.BiPredicate<FuzzCorpus.Case, String> isDeny) {
        return run(cases, handler, isDeny, SLOWEST_ALLOWED);
    }

    /** As above, with {@code limit} for the slowest single event. */
    static Report run(List<FuzzCorpus.Case> cases, Function<byte[], String> handler,
                      java.util.function.BiPredicate<FuzzCorpus.Case, String> isDeny, Duration limit) {
        long[] nanos = new long[cases.size()];
        List<String> failures = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        long max = -1;
        String slowest = "";
        long start = System.nanoTime();
        for (int i = 0; i < cases.size(); i++) {
            FuzzCorpus.Case c = cases.get(i);
            kinds.merge(c.kind(), 1, Integer::sum);
            long t0 = System.nanoTime();
            String response;
            try {
                response = handler.apply(c.event());
            } catch (RuntimeException | Error e) {
                failures.add("#" + i + " threw " + e + " on " + c.text());
                continue;
            }
            nanos[i] = System.nanoTime() - t0;
            if (nanos[i] > max) {
                max = nanos[i];
                slowest = c.kind() + " #" + i;
            }
            if (!isDeny.test(c, response)) {
                failures.add("#" + i + " not denied: " + response + " for " + c.text());
            }
        }
        long total = System.nanoTime() - start;
        assertEquals(List.of(), failures.size() > 20 ? failures.subList(0, 20) : failures, failures.size() + " failures");
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        Report report = new Report(cases.size(), max, slowest, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)], total, kinds);
        assertTrue(max < limit.toNanos(), "slowest event took " + max / 1e6 + " ms: " + report);
        return report;
    }

}
