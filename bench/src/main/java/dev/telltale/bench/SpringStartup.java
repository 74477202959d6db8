package dev.telltale.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * (9) {@code -javaagent} cost on a real Spring Boot application: the shop of {@code bench/spring-app}
 * (Spring Boot 3.5, web on embedded Tomcat + JPA/Hibernate + H2), run as users run it,
 * {@code java [agent] -jar shop.jar}, with no agent, Telltale's agent (the bare flag; destination
 * in a system property) and the OpenTelemetry java agent (exporters off). The variants alternate run
 * by run; unmeasured rounds first warm the file cache.
 *
 * <p>Per run: wall time from process start to the shop's "SHOP-STARTED" line (printed on
 * {@code ApplicationReadyEvent}), and the JVM's own figures at that moment: uptime, process CPU time,
 * RSS and peak RSS. After it the shop calls a failing page once (the same for every variant), so the
 * Telltale runs also show the agent reporting in this application (events counted per run).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.SpringStartup RUNS SHOP_JAR TELLTALE_JAR OTEL_JAR [WARM_UP_ROUNDS=1]}
 */
public final class SpringStartup {
    private static final long LIMIT_SECONDS = 1200;
    private static final String[] METRICS = {"wall_ms", "uptime_ms", "cpu_ms", "rss_kb", "hwm_kb"};

    private SpringStartup() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path shop = Paths.get(args[1]).toAbsolutePath();
        String telltale = Paths.get(args[2]).toAbsolutePath().toString();
        String otel = Paths.get(args[3]).toAbsolutePath().toString();
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 1;

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("none", new Variant(List.of()));
        variants.put("telltale", new Variant(List.of("-javaagent:" + telltale)));
        variants.put(
                "otel",
                new Variant(List.of(
                        "-javaagent:" + otel,
                        "-Dotel.traces.exporter=none",
                        "-Dotel.metrics.exporter=none",
                        "-Dotel.logs.exporter=none")));

        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = -warmUp; round < runs; round++) {
            for (Map.Entry<String, Variant> e : variants.entrySet()) {
                Map<String, Long> m = runOnce(java, shop, e.getKey(), e.getValue());
                System.err.println("spring-startup round " + round + " " + e.getKey() + " " + m);
                if (round >= 0) {
                    e.getValue().runs.add(m);
                }
            }
        }
        Map<String, Map<String, Long>> medians = new LinkedHashMap<>();
        for (Map.Entry<String, Variant> e : variants.entrySet()) {
            Map<String, Long> med = new LinkedHashMap<>();
            List<String> cells = new ArrayList<>(List.of("spring", e.getKey()));
            for (String metric : METRICS) {
                long[] v = e.getValue().runs.stream()
                        .mapToLong(r -> r.get(metric))
                        .sorted()
                        .toArray();
                med.put(metric, v[v.length / 2]);
                cells.add(metric + "=" + v[v.length / 2] + " (" + v[0] + "-" + v[v.length - 1] + ")");
            }
            cells.add("events="
                    + e.getValue().runs.stream()
                            .map(r -> String.valueOf(r.get("events")))
                            .toList());
            medians.put(e.getKey(), med);
            System.out.println(String.join("\t", cells));
        }
        for (String metric : METRICS) {
            long none = medians.get("none").get(metric);
            long tt = medians.get("telltale").get(metric) - none;
            long ot = medians.get("otel").get(metric) - none;
            System.out.println(String.format(
                    Locale.ROOT,
                    "spring-overhead\t%s\ttelltale=%+d\totel=%+d\ttelltale/otel=%s\ttelltale/app=%s",
                    metric,
                    tt,
                    ot,
                    ot == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) tt / ot),
                    none == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * tt / none)));
        }
    }

    private static Map<String, Long> runOnce(String java, Path shop, String name, Variant v)
            throws IOException, InterruptedException {
        Path events = Files.createTempDirectory("telltale-bench-spring-events-");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(v.options);
        if (name.equals("telltale")) {
            cmd.add("-Dtelltale.destinations=file:" + events);
        }
        cmd.addAll(List.of("-Dshop.exercise=true", "-jar", shop.toString()));
        Path log = Files.createTempFile("telltale-bench-spring-", ".log");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            Map<String, Long> m = new LinkedHashMap<>();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("SHOP-STARTED ") && !m.containsKey("wall_ms")) {
                        m.put("wall_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        for (String kv :
                                line.substring("SHOP-STARTED ".length()).split(" ")) {
                            String[] parts = kv.split("=", 2);
                            m.put(parts[0], Long.parseLong(parts[1]));
                        }
                    }
                    if (out.length() < 200_000) {
                        out.append(line).append('\n');
                    }
                }
            }
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("no exit within " + LIMIT_SECONDS + " s: " + cmd);
            }
            if (p.exitValue() != 0
                    || !m.containsKey("wall_ms")
                    || !out.toString().contains("SHOP-GET /orders/7 -> 500")) {
                throw new IllegalStateException(
                        "exit " + p.exitValue() + ": " + cmd + "\n" + out + Files.readString(log));
            }
            m.put("events", countEvents(events));
            if (name.equals("telltale") && m.get("events") == 0) {
                throw new IllegalStateException("the Telltale agent reported nothing for the failing page: " + cmd
                        + "\n" + out + Files.readString(log));
            }
            return m;
        } finally {
            Files.deleteIfExists(log);
            deleteTree(events);
        }
    }

    private static long countEvents(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final class Variant {
        final List<String> options;
        final List<Map<String, Long>> runs = new ArrayList<>();

        Variant(List<String> options) {
            this.options = options;
        }
    }
}
