package dev.userapptokens.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * One cold start, the same for every function measured: what Lambda's java21 runtime does for a
 * JVM-mode Quarkus function (load and instantiate {@code QuarkusStreamHandler}, which boots the
 * application, then call {@code handleRequest} with the event), run on the unpacked function.zip's
 * class path. Prints {@code RESPONSE <body>}, then {@code T <main> <init done> <response done>}
 * ({@link System#nanoTime}, which on Linux is one monotonic clock for every process), and halts.
 */
public final class ColdMain {

    private ColdMain() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        PrintStream stdout = System.out;
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        RequestStreamHandler handler = (RequestStreamHandler) Class
                .forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler").getDeclaredConstructor().newInstance();
        long init = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        handler.handleRequest(new ByteArrayInputStream(event), out, BenchContext.INSTANCE);
        long done = System.nanoTime();
        stdout.println("RESPONSE " + out.toString(StandardCharsets.UTF_8));
        stdout.println("T " + main + " " + init + " " + done);
        stdout.flush();
        if (Boolean.getBoolean("bench.exit")) {
            System.exit(0); // lets a flight recording be written (infra/bench/run --profile)
        }
        Runtime.getRuntime().halt(0);
    }
}
