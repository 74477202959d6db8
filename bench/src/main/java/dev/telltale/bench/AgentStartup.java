package dev.telltale.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * (6) {@code -javaagent} start-up: wall time of a trivial main ({@code startup.Hello}, alone on its
 * class path) with no agent, Telltale's agent (the bare flag; its hooks are in before main), a bare one-transformation Byte Buddy agent and the
 * OpenTelemetry java agent with its exporters off. The variants alternate run by run so that a load
 * spike from other work spreads over all of them; unmeasured rounds first warm the file cache.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.AgentStartup RUNS TELLTALE_JAR BYTEBUDDY_JAR OTEL_JAR [WARM_UP_ROUNDS=1]}
 *
 * <p>Prints one line per variant: {@code startup, name, median ms, min, max, runs, jar bytes, all ms}.
 */
public final class AgentStartup {
    private static final long LIMIT_SECONDS = 300; // the OpenTelemetry agent alone took over 60 s on the loaded machine

    private AgentStartup() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path cp = Files.createTempDirectory("telltale-bench-startup-");
        Path events = Files.createTempDirectory("telltale-bench-startup-events-");
        copyClass(cp, "dev/telltale/bench/startup/Hello.class");

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("none", new Variant(null, List.of(), "hello"));
        // The bare flag (destination in a system property): premain installs every hook before main.
        variants.put(
                "telltale",
                new Variant(
                        Paths.get(args[1]),
                        List.of("-javaagent:" + args[1], "-Dtelltale.destinations=file:" + events),
                        "hello"));
        variants.put("bytebuddy", new Variant(Paths.get(args[2]), List.of("-javaagent:" + args[2]), "transformed"));
        variants.put(
                "otel",
                new Variant(
                        Paths.get(args[3]),
                        List.of(
                                "-javaagent:" + args[3],
                                "-Dotel.traces.exporter=none",
                                "-Dotel.metrics.exporter=none",
                                "-Dotel.logs.exporter=none"),
                        "hello"));

        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        for (int round = -warmUp; round < runs; round++) {
            for (Variant v : variants.values()) {
                long ms = runOnce(java, cp, v);
                if (round >= 0) {
                    v.times.add(ms);
                }
            }
        }
        for (Map.Entry<String, Variant> e : variants.entrySet()) {
            Variant v = e.getValue();
            long[] t = v.times.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.println(String.join(
                    "\t",
                    "startup",
                    e.getKey(),
                    Long.toString(t[t.length / 2]),
                    Long.toString(t[0]),
                    Long.toString(t[t.length - 1]),
                    Integer.toString(t.length),
                    Long.toString(v.jar == null ? 0 : Files.size(v.jar)),
                    v.times.toString().replace(" ", "")));
        }
        deleteTree(cp);
        deleteTree(events);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long runOnce(String java, Path cp, Variant v) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(v.options);
        cmd.addAll(Arrays.asList("-cp", cp.toString(), "dev.telltale.bench.startup.Hello"));
        Path out = Files.createTempFile("telltale-bench-startup-", ".out");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("no exit within " + LIMIT_SECONDS + " s: " + cmd);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            // The expected line proves the main ran (and, for the bare agent, that its transformation took).
            if (p.exitValue() != 0 || !text.lines().anyMatch(v.expected::equals)) {
                throw new IllegalStateException(
                        String.format(Locale.ROOT, "exit %d, output %s: %s", p.exitValue(), text, cmd));
            }
            return ms;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void copyClass(Path root, String name) throws IOException {
        Path target = root.resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = AgentStartup.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
    }

    private static final class Variant {
        final Path jar;
        final List<String> options;
        final String expected;
        final List<Long> times = new ArrayList<>();

        Variant(Path jar, List<String> options, String expected) {
            this.jar = jar;
            this.options = options;
            this.expected = expected;
        }
    }
}
