package dev.userapptokens.localdynamodb;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code moto_server} (open-source DynamoDB emulator) on a free loopback port, as a child
 * process. Fails at once with a clear message when the command is not installed.
 */
public final class MotoServer implements AutoCloseable {

    /** The command; override with the {@code localdynamodb.moto.server} system property or {@code MOTO_SERVER}. */
    public static String command() {
        String configured = System.getProperty("localdynamodb.moto.server", System.getenv("MOTO_SERVER"));
        return configured == null || configured.isBlank() ? "moto_server" : configured;
    }

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MotoServer start() {
        String command = command();
        if (!isInstalled(command)) {
            throw new IllegalStateException("'" + command + "' was not found on PATH. The tests need the local DynamoDB "
                    + "engine: install it with  pip install \"moto[server]\"  (or set MOTO_SERVER to its path).");
        }
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            Process process = new ProcessBuilder(command, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(process, port, log);
            server.awaitReady(Duration.ofSeconds(30), log);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the server process exits, by {@link #close} or otherwise. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The server's output. */
    public Path log() {
        return log;
    }

    /** Stops the server and any process it started, waiting for them to exit. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start; its output: " + tail(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + timeout);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static boolean isInstalled(String command) {
        if (command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }
}
