package dev.userapptokens.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The loop against a fake Runtime API: responses, errors, init errors, and exit when the API goes away. */
class RuntimeLoopTest {

    /** Upper-cases the event and appends what the Context says; "boom" throws. */
    public static class EchoHandler implements RequestStreamHandler {
        static volatile int instances;

        public EchoHandler() {
            instances++;
        }

        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (event.equals("boom")) {
                throw new IllegalArgumentException("boom \"quoted\"\nline");
            }
            String answer = event.toUpperCase() + "|" + context.getAwsRequestId() + "|" + context.getFunctionName()
                    + "|" + context.getMemoryLimitInMB() + "|" + (context.getRemainingTimeInMillis() > 0);
            out.write(answer.getBytes(StandardCharsets.UTF_8));
        }
    }

    private HttpServer server;
    private final Deque<String> events = new ArrayDeque<>();
    private final Map<String, String> posted = new ConcurrentHashMap<>();

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/invocation/next")) {
            String event;
            synchronized (events) {
                event = events.poll();
            }
            if (event == null) {
                // no more work: go away, as a stopped gateway would
                exchange.close();
                new Thread(() -> server.stop(0)).start();
                return;
            }
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-" + event);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 5000));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:1:function:f");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } else {
            String kind = path.substring("/2018-06-01/runtime/".length());
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            posted.put(kind, new String(body, StandardCharsets.UTF_8) + (errorType == null ? "" : " #" + errorType));
            exchange.sendResponseHeaders(202, -1);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void answersEachInvocationAndExitsWhenTheApiGoesAway() throws IOException {
        events.add("hello");
        events.add("boom");
        events.add("again");
        String api = start();
        int before = EchoHandler.instances;
        int exit = new RuntimeLoop(api, EchoHandler.class.getName() + "::handleRequest",
                Map.of("AWS_LAMBDA_FUNCTION_NAME", "f", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"))
                .unreachableAfter(300).run();
        assertEquals(0, exit);
        assertEquals(before + 1, EchoHandler.instances, "the handler is instantiated once");
        assertEquals("HELLO|req-hello|f|512|true", posted.get("invocation/req-hello/response"));
        assertEquals("AGAIN|req-again|f|512|true", posted.get("invocation/req-again/response"));
        String error = posted.get("invocation/req-boom/error");
        assertTrue(error.startsWith("{\"errorMessage\":\"boom \\\"quoted\\\"\\nline\","
                + "\"errorType\":\"java.lang.IllegalArgumentException\",\"stackTrace\":[\""), error);
        assertTrue(error.endsWith("]} #Unhandled"), error);
    }

    @Test
    void reportsAnInitError() throws IOException {
        String api = start();
        int exit = new RuntimeLoop(api, "no.such.Handler::handleRequest", Map.of()).unreachableAfter(300).run();
        assertEquals(1, exit);
        String error = posted.get("init/error");
        assertTrue(error.contains("\"errorType\":\"java.lang.ClassNotFoundException\""), error);
        assertTrue(error.endsWith(" #Runtime.InitError"), error);
    }

    @Test
    void refusesAHandlerWithoutAStreamMethod() throws IOException {
        String api = start();
        int exit = new RuntimeLoop(api, RuntimeLoopTest.class.getName() + "::nothing", Map.of()).run();
        assertEquals(1, exit);
        assertTrue(posted.get("init/error").contains("stream handlers only"), posted.get("init/error"));
    }
}
