package dev.userapptokens.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts: a new JVM per start, from {@code ProcessBuilder.start()} to the first response
 * line on the child's standard output, for the authorizer and for the empty Quarkus lambda,
 * alternating (A E, E A, ...) so that drift on the machine hits both alike. Both children are
 * the same {@link ColdMain} on their own unpacked function.zip, with the same JVM options.
 *
 * <p>Usage: {@code Cold AUTHORIZER_DIR EMPTY_DIR EVENT_FILE STARTS HARNESS_JAR [JVM options...]}.
 */
public final class Cold {

    private Cold() {
    }

    record Start(long total, long jvm, long init, long invoke, String response) {
    }

    public static void main(String[] args) throws Exception {
        String authorizer = args[0];
        String empty = args[1];
        String event = args[2];
        int starts = Integer.parseInt(args[3]);
        String harness = args[4];
        List<String> jvmOptions = List.of(args).subList(5, args.length);

        // one unmeasured start of each: the OS page cache holds both function's jars from then on
        start(authorizer, "http-api", event, harness, jvmOptions);
        start(empty, "empty", event, harness, jvmOptions);

        List<Start> a = new ArrayList<>();
        List<Start> e = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            if ((i & 1) == 0) {
                a.add(start(authorizer, "http-api", event, harness, jvmOptions));
                e.add(start(empty, "empty", event, harness, jvmOptions));
            } else {
                e.add(start(empty, "empty", event, harness, jvmOptions));
                a.add(start(authorizer, "http-api", event, harness, jvmOptions));
            }
        }
        if (!a.get(0).response().contains("\"isAuthorized\":true")) {
            throw new IllegalStateException("the authorizer's first response was not an allow: " + a.get(0).response());
        }
        double am = report("authorizer", a);
        double em = report("empty lambda", e);
        System.out.printf("  ratio of medians %.3f  (JVM options: %s)%n", am / em, String.join(" ", jvmOptions));
        System.out.printf("RESULT cold=%.4f%nRESULT cold_authorizer_ms=%s%nRESULT cold_empty_ms=%s%n", am / em,
                Stats.ms(am), Stats.ms(em));
    }

    private static double report(String name, List<Start> starts) {
        long[] total = starts.stream().mapToLong(Start::total).toArray();
        double median = Stats.median(total);
        StringBuilder each = new StringBuilder();
        for (Start s : starts) {
            each.append(String.format(" %s", Stats.ms(s.total())));
        }
        System.out.printf("cold start, %s, %d starts: median %s ms; each:%s%n", name, starts.size(), Stats.ms(median),
                each);
        System.out.printf("  medians of the parts: JVM to main %s ms, init (Quarkus boot) %s ms, first invocation %s ms%n",
                Stats.ms(Stats.median(starts.stream().mapToLong(Start::jvm).toArray())),
                Stats.ms(Stats.median(starts.stream().mapToLong(Start::init).toArray())),
                Stats.ms(Stats.median(starts.stream().mapToLong(Start::invoke).toArray())));
        return median;
    }

    static Start start(String dir, String handler, String event, String harness, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(dir + File.pathSeparator + dir + File.separator + "lib" + File.separator + "*"
                + File.pathSeparator + harness);
        command.add(ColdMain.class.getName());
        command.add(event);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_LAMBDA_HANDLER", handler);
        long begin = System.nanoTime();
        Process process = builder.start();
        String response = null;
        long end = 0;
        long[] stamps = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (response == null && line.startsWith("RESPONSE ")) {
                    end = System.nanoTime();
                    response = line.substring("RESPONSE ".length());
                } else if (line.startsWith("T ") && response != null) {
                    String[] parts = line.split(" ");
                    stamps = new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (response == null || stamps == null) {
            throw new IllegalStateException("no response from " + dir + " (exit " + process.exitValue() + "):\n" + output);
        }
        return new Start(end - begin, stamps[0] - begin, stamps[1] - stamps[0], stamps[2] - stamps[1], response);
    }
}
