package dev.userapptokens.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * Where a cold start's time goes: {@link ColdMain}'s start, with a thread sampling the main thread's
 * stack every millisecond (class loading and static initialisation included, which JFR's execution
 * sampler mostly misses), each sample attributed to the first of {@link #PARTS} found on the stack.
 * Sampling slows the start down; the shares are what it is for. Class loading shared with Quarkus
 * (Jackson, the JDK) counts for whichever part triggers it first. Prints one line per part:
 * {@code PART <phase> <name> <samples>}.
 */
public final class ColdProfile {

    /** Frame marker -> part, in priority order. */
    static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("AppProducer.dynamoDb", "DynamoDB client build (the extension's builder, AWS SDK, JSSE/TLS context)");
        // The roles Scan runs on the catalog's own thread, in flight with the token GetItem; the main
        // thread is charged only for the time it waits for it after its own read.
        PARTS.put("DynamoRoleCatalog.await", "roles load, waited for after the token read");
        PARTS.put("DynamoTokenLookup.find", "token GetItem");
        PARTS.put("DynamoTokenLookup.recordUse", "lastUsedAt UpdateItem");
        PARTS.put("WireJson.<clinit>", "Jackson: the authorizer's ObjectMapper (first to load what Quarkus's needs too)");
        PARTS.put("IamPolicyWriter.<init>", "response writers set-up");
        PARTS.put("WireJson.read", "event parse");
        PARTS.put("HttpApiResponse.json", "response write");
        PARTS.put("dev.userapptokens", "our code, other");
    }

    private ColdProfile() {
    }

    public static void main(String[] args) throws Exception {
        Thread main = Thread.currentThread();
        List<StackTraceElement[]> init = new ArrayList<>();
        List<StackTraceElement[]> invoke = new ArrayList<>();
        List<StackTraceElement[]>[] current = new List[] {init};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                StackTraceElement[] stack = main.getStackTrace();
                synchronized (current) {
                    current[0].add(stack);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cold-profile");
        sampler.setDaemon(true);
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        sampler.start();
        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class
                .forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler").getDeclaredConstructor().newInstance();
        long initDone = System.nanoTime();
        synchronized (current) {
            current[0] = invoke;
        }
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(512), BenchContext.INSTANCE);
        long done = System.nanoTime();
        sampler.interrupt();
        sampler.join();
        System.out.println("TIME init " + (initDone - start) + " invoke " + (done - initDone));
        report("init", init);
        report("invoke", invoke);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void report(String phase, List<StackTraceElement[]> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (StackTraceElement[] stack : samples) {
            counts.merge(part(stack), 1, Integer::sum);
        }
        counts.forEach((part, n) -> System.out.println("PART " + phase + " " + n + " " + part));
    }

    static String part(StackTraceElement[] stack) {
        for (Map.Entry<String, String> part : PARTS.entrySet()) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("dev.userapptokens.bench.")) {
                    continue; // this harness
                }
                if ((frame.getClassName() + "." + frame.getMethodName()).contains(part.getKey())) {
                    return part.getValue();
                }
            }
        }
        return "Quarkus, JVM, other";
    }
}
