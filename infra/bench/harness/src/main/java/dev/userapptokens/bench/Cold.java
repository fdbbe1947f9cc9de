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
 * alternating (A E, E A, ...) so that drift on the machine hits both alike; the ratio reported is the
 * median of the pairs' ratios. Both children are
 * the same {@link ColdMain} on their own unpacked function.zip, with the same JVM options.
 *
 * <p>Usage: {@code Cold AUTHORIZER_DIR EMPTY_DIR EVENT_FILE STARTS HARNESS_JAR [JVM options...]}. With
 * {@code -Dbench.cold.profile=N}, N more starts of each run under {@link ColdProfile} and the shares of
 * its parts are printed, scaled to the median start (JVM start to main excluded).
 */
public final class Cold {

    private Cold() {
    }

    record Start(long total, long jvm, long init, long invoke, String response, long priming) {
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
        double ratio = Stats.medianOfPairRatios(a.stream().mapToLong(Start::total).toArray(),
                e.stream().mapToLong(Start::total).toArray());
        System.out.printf("  ratio, median of the %d adjacent pairs' ratios %.3f (ratio of the medians %.3f; JVM options: %s)%n",
                starts, ratio, am / em, String.join(" ", jvmOptions));
        System.out.printf("RESULT cold=%.4f%nRESULT cold_authorizer_ms=%s%nRESULT cold_empty_ms=%s%n", ratio,
                Stats.ms(am), Stats.ms(em));
        int primingStarts = Integer.getInteger("bench.cold.priming", 0);
        if (primingStarts > 0) {
            priming(authorizer, event, harness, jvmOptions, primingStarts);
        }
        int profiles = Integer.getInteger("bench.cold.profile", 0);
        if (profiles > 0) {
            profile("authorizer", authorizer, "http-api", event, harness, jvmOptions, profiles, a);
            profile("empty lambda", empty, "empty", event, harness, jvmOptions, profiles, e);
        }
    }

    /**
     * SnapStart priming, as far as it can be measured without SnapStart: authorizer starts with
     * the CRaC hooks run between init and the first invocation ({@link ColdMain}, bench.prime)
     * and without, alternating. What a restored environment saves is the first invocation's
     * difference; what the snapshot costs once per version is the priming time. The restore itself
     * (page faults, Lambda's own restore time) cannot be measured here.
     */
    private static void priming(String dir, String event, String harness, List<String> jvmOptions, int starts)
            throws IOException, InterruptedException {
        List<String> primed = new ArrayList<>(jvmOptions);
        primed.add("-Dbench.prime=true");
        List<Start> with = new ArrayList<>();
        List<Start> without = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            if ((i & 1) == 0) {
                with.add(start(dir, "http-api", event, harness, primed));
                without.add(start(dir, "http-api", event, harness, jvmOptions));
            } else {
                without.add(start(dir, "http-api", event, harness, jvmOptions));
                with.add(start(dir, "http-api", event, harness, primed));
            }
        }
        if (!with.get(0).response().contains("\"isAuthorized\":true")) {
            throw new IllegalStateException("the primed authorizer's first response was not an allow: " + with.get(0).response());
        }
        double firstWith = Stats.median(with.stream().mapToLong(Start::invoke).toArray());
        double firstWithout = Stats.median(without.stream().mapToLong(Start::invoke).toArray());
        double cost = Stats.median(with.stream().mapToLong(Start::priming).toArray());
        double initWithout = Stats.median(without.stream().mapToLong(Start::init).toArray());
        System.out.printf("snapstart priming, authorizer, %d starts each, alternating (hooks called in-process; no snapshot is taken here):%n", starts);
        System.out.printf("  first invocation: primed %s ms, not primed %s ms (medians)%n", Stats.ms(firstWith), Stats.ms(firstWithout));
        System.out.printf("  priming (beforeCheckpoint + afterRestore): %s ms, once per published version; init without it %s ms%n",
                Stats.ms(cost), Stats.ms(initWithout));
        System.out.printf("RESULT priming_first_ms=%s%nRESULT unprimed_first_ms=%s%nRESULT priming_cost_ms=%s%n",
                Stats.ms(firstWith), Stats.ms(firstWithout), Stats.ms(cost));
    }

    /** Where the time of a start goes, from {@link ColdProfile}'s samples over {@code runs} more starts. */
    private static void profile(String name, String dir, String handler, String event, String harness,
                                List<String> jvmOptions, int runs, List<Start> measured) throws Exception {
        Map<String, Integer> samples = new java.util.LinkedHashMap<>();
        int total = 0;
        for (int i = 0; i < runs; i++) {
            for (String line : run(dir, handler, event, harness, jvmOptions, "dev.userapptokens.bench.ColdProfile")) {
                if (line.startsWith("PART ")) {
                    String[] parts = line.split(" ", 4);
                    int n = Integer.parseInt(parts[2]);
                    samples.merge(parts[1] + ": " + parts[3], n, Integer::sum);
                    total += n;
                }
            }
        }
        double median = Stats.median(measured.stream().mapToLong(s -> s.init() + s.invoke()).toArray());
        System.out.printf("cold profile, %s (%d sampled starts; shares of init + first invocation, scaled to its"
                + " median %s ms):%n", name, runs, Stats.ms(median));
        int all = total;
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(entry ->
                System.out.printf("  %5.1f%%  ~%4.0f ms  %s%n", 100.0 * entry.getValue() / all,
                        median * entry.getValue() / all / 1e6, entry.getKey()));
    }

    /** Runs {@code mainClass} on the function's class path; its output lines. */
    static List<String> run(String dir, String handler, String event, String harness, List<String> jvmOptions,
                            String mainClass) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(dir, event, harness, jvmOptions, mainClass))
                .redirectErrorStream(true);
        builder.environment().put("QUARKUS_LAMBDA_HANDLER", handler);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        }
        process.waitFor(60, TimeUnit.SECONDS);
        return lines;
    }

    private static List<String> command(String dir, String event, String harness, List<String> jvmOptions,
                                        String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(dir + File.pathSeparator + dir + File.separator + "lib" + File.separator + "*"
                + File.pathSeparator + harness);
        command.add(mainClass);
        command.add(event);
        return command;
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
        ProcessBuilder builder = new ProcessBuilder(command(dir, event, harness, jvmOptions,
                "dev.userapptokens.bench.ColdMain")).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_LAMBDA_HANDLER", handler);
        long begin = System.nanoTime();
        Process process = builder.start();
        String response = null;
        long end = 0;
        long[] stamps = null;
        long priming = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (response == null && line.startsWith("RESPONSE ")) {
                    end = System.nanoTime();
                    response = line.substring("RESPONSE ".length());
                } else if (line.startsWith("P ")) {
                    String[] parts = line.split(" ");
                    priming = Long.parseLong(parts[4]) - Long.parseLong(parts[2]);
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
        return new Start(end - begin, stamps[0] - begin, stamps[1] - stamps[0], stamps[2] - stamps[1], response, priming);
    }
}
