package dev.userapptokens.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.arc.Arc;

/**
 * One cold start, the same for every function measured: what Lambda's java21 runtime does for a
 * JVM-mode Quarkus function (load and instantiate {@code QuarkusStreamHandler}, which boots the
 * application, then call {@code handleRequest} with the event), run on the unpacked function.zip's
 * class path. Prints {@code RESPONSE <body>}, then {@code T <main> <init done> <response done>}
 * ({@link System#nanoTime}, which on Linux is one monotonic clock for every process), and halts.
 * With {@code -Dbench.prime=true}, the SnapStart hooks run between init and the invocation
 * (printed first: {@code P <resources> <init done> <primed> <restored>}; init done is then the restore's end).
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
        if (Boolean.getBoolean("bench.prime")) {
            // What Lambda SnapStart does around its snapshot, minus the snapshot: every CRaC
            // resource's beforeCheckpoint, then afterRestore. The first invocation then runs on
            // what a restored environment would hold (classes loaded, code compiled, heap).
            Class<?> resource = Class.forName("org.crac.Resource");
            Class<?> context = Class.forName("org.crac.Context");
            List<Object> resources = new ArrayList<>();
            Arc.container().select(resource).forEach(resources::add);
            for (Object r : resources) {
                resource.getMethod("beforeCheckpoint", context).invoke(r, (Object) null);
            }
            long primed = System.nanoTime();
            for (Object r : resources) {
                resource.getMethod("afterRestore", context).invoke(r, (Object) null);
            }
            long restored = System.nanoTime();
            stdout.println("P " + resources.size() + " " + init + " " + primed + " " + restored);
            init = restored;
        }
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
