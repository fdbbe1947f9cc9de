package dev.userapptokens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.userapptokens.localdynamodb.LocalDynamo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** uat-cli local-dynamodb as infra/local/start-api runs it: a process of its own, watched through its output. */
class LocalDynamodbCommandTest {

    private static Process start(Path tokenFile) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "local-dynamodb",
                "--table-prefix", "cmd-", "--token-file", tokenFile.toString())
                .redirectError(tokenFile.resolveSibling("stderr.txt").toFile()).start();
    }

    private static JsonNode firstLine(Process process) throws IOException {
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        return new ObjectMapper().readTree(line);
    }

    @Test
    void tablesFirstAdminAndTheApiThenStopsWhenItsInputCloses(@TempDir Path dir) throws Exception {
        Process process = start(dir.resolve("admin.token"));
        try {
            JsonNode line = firstLine(process);
            try (DynamoDbClient dynamo = LocalDynamo.client(URI.create(line.path("endpoint").asText()), true)) {
                assertTrue(dynamo.listTables().tableNames().containsAll(List.of("cmd-users", "cmd-roles", "cmd-tokens", "cmd-audit")));
            }
            assertEquals("cmd-users", line.path("functions").path("AdminFunction").path("environment").path("USERS_TABLE").asText());
            assertEquals(48, Files.readString(dir.resolve("admin.token")).trim().length());
            ProcessHandle moto = ProcessHandle.of(line.path("motoPid").asLong()).orElseThrow();
            process.getOutputStream().close();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when its input closes");
            assertEquals(0, process.exitValue());
            assertFalse(moto.isAlive(), "and stops moto_server");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void itsEventsAndOnItsInvokeLineTheStreamMappingThroughTheControlEndpoint(@TempDir Path dir) throws Exception {
        BlockingQueue<String> invoked = new LinkedBlockingQueue<>();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.createContext("/", exchange -> {
            invoked.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("X-Invocation-Outcome", "response");
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        control.start();
        Process process = start(dir.resolve("admin.token"));
        try {
            JsonNode line = firstLine(process);
            JsonNode events = line.path("events");
            assertEquals("[\"cmd-events\"]", events.path("buses").toString());
            assertTrue(events.path("watchQueueUrl").asText().endsWith("/cmd-watch"), events.toString());
            assertTrue(events.path("deadLetterQueueUrls").path("EventsDeadLetterQueue").asText()
                    .endsWith("/cmd-EventsDeadLetterQueue"), events.toString());
            var stdin = process.getOutputStream();
            stdin.write(("not json\n{\"invoke\": \"http://127.0.0.1:" + control.getAddress().getPort()
                    + "\", \"key\": \"k1\"}\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String first = invoked.poll(30, TimeUnit.SECONDS); // the first admin's audit records, from TRIM_HORIZON
            assertTrue(first != null, "the stream reached the control endpoint: " + Files.readString(dir.resolve("stderr.txt")));
            assertTrue(first.startsWith("/invoke/EventsFunction Bearer k1 {\"Records\":[{"), first);
            assertTrue(first.contains("\"eventSourceARN\":\"arn:aws:dynamodb:"), first);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(dir.resolve("stderr.txt")).contains("[EventsStreamMapping] ") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(err.matches("(?s).*\\[EventsStreamMapping\\] \\d+ records? \\d+\\.\\.\\d+: done \\d+ ms.*"), err);
            assertTrue(err.contains("ignored the line on standard input"), err);
            stdin.close();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when its input closes");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
            control.stop(0);
        }
    }

    @Test
    void saysSoAndExitsWhenTheEngineDies(@TempDir Path dir) throws Exception {
        Process process = start(dir.resolve("admin.token"));
        try {
            JsonNode line = firstLine(process);
            ProcessHandle.of(line.path("motoPid").asLong()).orElseThrow().destroyForcibly();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when moto_server dies, input still open");
            assertEquals(1, process.exitValue());
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(err.contains("the local DynamoDB engine (moto_server, pid " + line.path("motoPid").asLong() + ") exited"), err);
        } finally {
            process.destroyForcibly();
        }
    }
}
