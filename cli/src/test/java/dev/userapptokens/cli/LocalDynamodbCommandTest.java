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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** uat-cli local-dynamodb as infra/local/start-api runs it: a process of its own, watched through its output. */
class LocalDynamodbCommandTest {

    private static Process start(Path tokenFile) throws IOException {
        return start(tokenFile, null);
    }

    /** With {@code region} as AWS_REGION, as a shell with a region configured would start it (null: none). */
    private static Process start(Path tokenFile, String region) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "local-dynamodb",
                "--table-prefix", "cmd-", "--token-file", tokenFile.toString())
                .redirectError(tokenFile.resolveSibling("stderr.txt").toFile());
        builder.environment().remove("AWS_DEFAULT_REGION");
        if (region == null) {
            builder.environment().remove("AWS_REGION");
        } else {
            builder.environment().put("AWS_REGION", region);
        }
        return builder.start();
    }

    private static JsonNode firstLine(Process process, Path dir) throws IOException {
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null, "no line; its standard error: " + Files.readString(dir.resolve("stderr.txt")));
        return new ObjectMapper().readTree(line);
    }

    @Test
    void tablesFirstAdminAndTheApiThenStopsWhenItsInputCloses(@TempDir Path dir) throws Exception {
        Process process = start(dir.resolve("admin.token"));
        try {
            JsonNode line = firstLine(process, dir);
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
            JsonNode line = firstLine(process, dir);
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

    /** The functions of a local run take AWS_REGION from the same shell: the tables must be where they look. */
    @Test
    void theTablesAndFirstAdminAreInTheRegionOfItsEnvironment(@TempDir Path dir) throws Exception {
        Process process = start(dir.resolve("admin.token"), "eu-west-1");
        try {
            JsonNode line = firstLine(process, dir);
            try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_WEST_1)
                    .endpointOverride(URI.create(line.path("endpoint").asText()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                assertTrue(dynamo.listTables().tableNames().containsAll(List.of("cmd-users", "cmd-roles", "cmd-tokens", "cmd-audit")));
                assertTrue(dynamo.scan(b -> b.tableName("cmd-users")).count() > 0, "the first admin is in that region's table");
            }
            assertEquals(48, Files.readString(dir.resolve("admin.token")).trim().length());
            process.getOutputStream().close();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "exits when its input closes");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void saysSoAndExitsWhenTheEngineDies(@TempDir Path dir) throws Exception {
        Process process = start(dir.resolve("admin.token"));
        try {
            JsonNode line = firstLine(process, dir);
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
