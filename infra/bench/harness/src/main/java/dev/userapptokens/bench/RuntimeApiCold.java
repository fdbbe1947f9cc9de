package dev.userapptokens.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * Cold starts through the Lambda Runtime API, which is how Lambda runs a native {@code bootstrap}
 * (and how its java runtime, here AWS's runtime interface client, runs a JVM function): per start a
 * Runtime API server on 127.0.0.1 (free port, {@code TCP_NODELAY}) hands the process the event on
 * its first {@code GET /2018-06-01/runtime/invocation/next}; cold is {@code ProcessBuilder.start()}
 * to its {@code POST .../invocation/{id}/response}. Authorizer and empty function alternate as in
 * {@link Cold}; the ratio is the median of the adjacent pairs' ratios.
 *
 * <p>Usage: {@code RuntimeApiCold KEY AUTHORIZER_DIR EMPTY_DIR EVENT_FILE STARTS [COMMAND...]}: COMMAND
 * (started in each unpacked function.zip, e.g. java with the runtime interface client) or, without
 * one, the function's own {@code bootstrap}. Prints {@code RESULT KEY=}, {@code KEY_authorizer_ms=},
 * {@code KEY_empty_ms=}.
 */
public final class RuntimeApiCold {

    private static final String API = "/2018-06-01/runtime";

    private RuntimeApiCold() {
    }

    record Start(long total, long init, long invoke, String response) {
    }

    /** A function as Lambda knows it: its name, Quarkus handler and unpacked function.zip. */
    record Function(String name, String handler, String dir) {
    }

    /** What the function posted, and when it arrived. */
    private record Outcome(long at, String path, String body) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // no delayed-ACK wait between headers and body
        String key = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[3]));
        int starts = Integer.parseInt(args[4]);
        List<String> command = List.of(args).subList(5, args.length);
        Function authorizer = new Function("AuthorizerFunction", "http-api", args[1]);
        Function empty = new Function("EmptyFunction", "empty", args[2]);

        start(authorizer, event, command); // unmeasured: the page cache holds both from then on
        start(empty, event, command);
        List<Start> a = new ArrayList<>();
        List<Start> e = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            boolean authorizerFirst = (i & 1) == 0;
            (authorizerFirst ? a : e).add(start(authorizerFirst ? authorizer : empty, event, command));
            (authorizerFirst ? e : a).add(start(authorizerFirst ? empty : authorizer, event, command));
        }
        if (!a.get(0).response().contains("\"isAuthorized\":true")) {
            throw new IllegalStateException("the authorizer's first response was not an allow: " + a.get(0).response());
        }
        double am = report("authorizer", a);
        double em = report("empty lambda", e);
        double ratio = Stats.medianOfPairRatios(a.stream().mapToLong(Start::total).toArray(),
                e.stream().mapToLong(Start::total).toArray());
        System.out.printf("  ratio, median of the %d adjacent pairs' ratios %.3f (ratio of the medians %.3f; %s)%n",
                starts, ratio, am / em, command.isEmpty() ? "native bootstrap" : String.join(" ", command));
        System.out.printf("RESULT %s=%.4f%nRESULT %s_authorizer_ms=%s%nRESULT %s_empty_ms=%s%n", key, ratio, key,
                Stats.ms(am), key, Stats.ms(em));
    }

    private static double report(String name, List<Start> starts) {
        double median = Stats.median(starts.stream().mapToLong(Start::total).toArray());
        StringBuilder each = new StringBuilder();
        starts.forEach(s -> each.append(' ').append(Stats.ms(s.total())));
        System.out.printf("cold start via the Runtime API, %s, %d starts: median %s ms; each:%s%n", name,
                starts.size(), Stats.ms(median), each);
        System.out.printf("  medians of the parts: start to first invocation/next (init) %s ms, next to response %s ms%n",
                Stats.ms(Stats.median(starts.stream().mapToLong(Start::init).toArray())),
                Stats.ms(Stats.median(starts.stream().mapToLong(Start::invoke).toArray())));
        return median;
    }

    static Start start(Function function, byte[] event, List<String> command) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool(); // a parked next must not block the response
        server.setExecutor(threads);
        CompletableFuture<Long> next = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        String id = UUID.randomUUID().toString();
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:" + function.name();
        server.createContext(API + "/", exchange -> {
            long now = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals(API + "/invocation/next")) {
                if (!next.complete(now)) { // a second next: Lambda would freeze the process; park it until stopped
                    awaitQuietly(stopped);
                    exchange.close();
                    return;
                }
                var headers = exchange.getResponseHeaders();
                headers.set("Lambda-Runtime-Aws-Request-Id", id);
                headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
                headers.set("Lambda-Runtime-Invoked-Function-Arn", arn);
                headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                headers.set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, event.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(event);
                }
                return;
            }
            exchange.sendResponseHeaders(202, -1); // .../invocation/{id}/response, .../{id}/error, /init/error
            exchange.close();
            outcome.complete(new Outcome(now, path, new String(body, StandardCharsets.UTF_8)));
        });
        server.start();

        List<String> argv = command.isEmpty() ? List.of(function.dir() + File.separator + "bootstrap") : command;
        File log = File.createTempFile("runtime-api-", ".log");
        ProcessBuilder builder = new ProcessBuilder(argv).directory(new File(function.dir()))
                .redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = builder.environment(); // the authorizer's environment, exported by infra/bench/run
        boolean nativeMode = command.isEmpty();
        env.put("QUARKUS_LAMBDA_HANDLER", function.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        env.put("_HANDLER", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        env.put("LAMBDA_TASK_ROOT", function.dir());
        env.put("AWS_EXECUTION_ENV", nativeMode ? "AWS_Lambda_provided.al2023" : "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", nativeMode ? "256" : "1024"); // as template.yaml gives them
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("TZ", ":UTC");
        Process process = null;
        try {
            long begin = System.nanoTime();
            process = builder.start();
            process.onExit().thenAccept(exited -> outcome.completeExceptionally(
                    new IllegalStateException("exited " + exited.exitValue() + " before responding")));
            Outcome done = outcome.get(60, TimeUnit.SECONDS);
            if (!done.path().endsWith("/" + id + "/response")) {
                throw new IllegalStateException(done.path() + ": " + done.body());
            }
            return new Start(done.at() - begin, next.get() - begin, done.at() - next.get(), done.body());
        } catch (Exception failure) {
            throw new IllegalStateException(function.name() + " in " + function.dir() + ": " + failure.getMessage()
                    + "\n" + Files.readString(log.toPath()), failure);
        } finally {
            if (process != null) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            stopped.countDown();
            server.stop(0);
            threads.shutdownNow();
            Files.deleteIfExists(log.toPath());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
