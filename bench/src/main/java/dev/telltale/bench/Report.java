package dev.telltale.bench;

import dev.telltale.testkit.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's results (JMH's JSON and the mains' lines, in one directory) into the Markdown
 * tables of docs/PERFORMANCE.md, with the ratio Telltale ÷ each SDK from that same run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.Report RESULTS_DIR}
 */
public final class Report {
    private static final String[] SDKS = {"telltale", "sentry", "bugsnag"};
    private static final Map<String, String> NAMES = Map.of(
            "telltale",
            "Telltale",
            "sentry",
            "sentry-java 8.53.0",
            "bugsnag",
            "bugsnag-java 3.8.0",
            "none",
            "no appender");

    private final Map<String, double[]> jmh = new LinkedHashMap<>(); // key → {median ns/op, min, median B/op, max}
    private final List<String[]> lines = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        Report r = new Report();
        // jmh.json, and jmh-servlet.json from the servlet run with its longer warm-up.
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path json : (Iterable<Path>)
                    files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json"))
                            .sorted()::iterator) {
                r.readJmh(json);
            }
        }
        Path mains = dir.resolve("mains.tsv");
        if (Files.exists(mains)) {
            for (String l : Files.readAllLines(mains, StandardCharsets.UTF_8)) {
                if (l.startsWith("sustained\t")
                        || l.startsWith("storm\t")
                        || l.startsWith("startup\t")
                        || l.startsWith("capacity\t")
                        || l.startsWith("flood\t")) {
                    r.lines.add(l.split("\t", -1));
                }
            }
        }
        System.out.print(r.render());
    }

    // ------------------------------------------------------------------ input

    @SuppressWarnings("unchecked")
    private void readJmh(Path json) throws IOException {
        List<Object> runs;
        runs = (List<Object>) JsonTree.parse(json); // the shared test kit's parser
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            String bench = (String) run.get("benchmark");
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            String key = bench
                    + (params.isEmpty()
                            ? ""
                            : ":" + String.join(",", (List<String>) (List<?>) new ArrayList<>(params.values())));
            Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
            Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> alloc = (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            // The median iteration, not the mean: on a machine shared with other builds a load spike
            // hits some iterations and not others. Min and max show the spread.
            double[] it = iterations(primary);
            jmh.put(key, new double[] {
                median(it),
                it.length == 0 ? Double.NaN : it[0],
                alloc == null ? Double.NaN : median(iterations(alloc)),
                it.length == 0 ? Double.NaN : it[it.length - 1]
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static double[] iterations(Map<String, Object> metric) {
        List<Double> all = new ArrayList<>();
        for (Object fork : (List<Object>) metric.getOrDefault("rawData", List.of())) {
            for (Object v : (List<Object>) fork) {
                all.add(num(v));
            }
        }
        if (all.isEmpty()) {
            all.add(num(metric.get("score")));
        }
        double[] out = new double[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double num(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return Double.NaN; // JMH writes "NaN" for a single iteration's error
        }
    }

    // ------------------------------------------------------------------ output

    String render() {
        capture();
        breadcrumb();
        logback();
        servlet();
        sustained();
        capacity();
        startup();
        storm();
        FloodTable.append(lines, out);
        return out.toString();
    }

    private void capture() {
        out.append("### 1. Capturing a handled exception (caller thread)\n\n");
        double[] chain = jmh.get("CaptureBenchmark.newChainOnly");
        double[] tt = jmh.get("CaptureBenchmark.capture:telltale");
        out.append(
                "| SDK | time ns/op, median (range) | alloc B/op | time net of chain | alloc net of chain | Telltale ÷ this (time) | Telltale ÷ this (alloc) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String sdk : SDKS) {
            double[] r = jmh.get("CaptureBenchmark.capture:" + sdk);
            if (r == null) {
                continue;
            }
            out.append("| ")
                    .append(NAMES.get(sdk))
                    .append(" | ")
                    .append(time(r))
                    .append(" | ")
                    .append(f0(r[2]))
                    .append(" | ")
                    .append(chain == null ? "—" : f0(r[0] - chain[0]))
                    .append(" | ")
                    .append(chain == null ? "—" : f0(r[2] - chain[2]))
                    .append(" | ")
                    .append(ratio(tt, r, 0))
                    .append(" | ")
                    .append(ratio(tt, r, 2))
                    .append(" |\n");
        }
        if (chain != null) {
            out.append("| *(making the fresh chain alone)* | ")
                    .append(time(chain))
                    .append(" | ")
                    .append(f0(chain[2]))
                    .append(" | | | | |\n");
        }
        out.append('\n');
    }

    private void breadcrumb() {
        out.append("### 2. Adding a breadcrumb\n\n");
        double[] tt = jmh.get("BreadcrumbBenchmark.addBreadcrumb:telltale");
        out.append("| SDK | time ns/op | alloc B/op | Telltale ÷ this (time) | Telltale ÷ this (alloc) |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (String sdk : SDKS) {
            double[] r = jmh.get("BreadcrumbBenchmark.addBreadcrumb:" + sdk);
            if (r == null) {
                if (sdk.equals("bugsnag")) {
                    out.append("| ").append(NAMES.get(sdk)).append(" | no breadcrumb API | | | |\n");
                }
                continue;
            }
            out.append("| ")
                    .append(NAMES.get(sdk))
                    .append(" | ")
                    .append(time(r))
                    .append(" | ")
                    .append(f0(r[2]))
                    .append(" | ")
                    .append(ratio(tt, r, 0))
                    .append(" | ")
                    .append(ratio(tt, r, 2))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void logback() {
        out.append("### 3. Logback: INFO line (breadcrumb) and ERROR line with exception (event)\n\n");
        double[] noneInfo = jmh.get("LogbackBenchmark.infoLine:none");
        double[] noneError = jmh.get("LogbackBenchmark.errorLine:none");
        double[] ttInfo = jmh.get("LogbackBenchmark.infoLine:telltale");
        out.append(
                "| appender | INFO ns/op | INFO B/op | INFO overhead ns | ERROR ns/op | ERROR B/op | ERROR overhead ns | Telltale ÷ this (INFO overhead) | Telltale ÷ this (ERROR overhead) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double[] ttError = jmh.get("LogbackBenchmark.errorLine:telltale");
        for (String a : new String[] {"none", "telltale", "sentry", "bugsnag"}) {
            double[] info = jmh.get("LogbackBenchmark.infoLine:" + a);
            double[] error = jmh.get("LogbackBenchmark.errorLine:" + a);
            if (info == null && error == null) {
                if (a.equals("telltale")) {
                    out.append("| Telltale | not measured in this run | | | | | | | |\n");
                }
                continue;
            }
            String infoOver = info == null || noneInfo == null ? "—" : f0(info[0] - noneInfo[0]);
            String errorOver = error == null || noneError == null ? "—" : f0(error[0] - noneError[0]);
            String r = "—";
            if (a.equals("bugsnag")) {
                r = "n/a"; // no breadcrumbs: its INFO line does nothing
            } else if (ttInfo != null && noneInfo != null && info != null && !a.equals("none")) {
                r = f2((ttInfo[0] - noneInfo[0]) / (info[0] - noneInfo[0]));
            }
            out.append("| ")
                    .append(NAMES.getOrDefault(a, a))
                    .append(a.equals("bugsnag") ? " (INFO filtered: no breadcrumbs)" : "")
                    .append(" | ")
                    .append(info == null ? "—" : time(info))
                    .append(" | ")
                    .append(info == null ? "—" : f0(info[2]))
                    .append(" | ")
                    .append(a.equals("none") ? "0" : infoOver)
                    .append(" | ")
                    .append(error == null ? "—" : time(error))
                    .append(" | ")
                    .append(error == null ? "—" : f0(error[2]))
                    .append(" | ")
                    .append(a.equals("none") ? "0" : errorOver)
                    .append(" | ")
                    .append(r)
                    .append(" | ")
                    .append(
                            a.equals("none") || ttError == null || error == null || noneError == null
                                    ? "—"
                                    : f2((ttError[0] - noneError[0]) / (error[0] - noneError[0])))
                    .append(" |\n");
        }
        out.append('\n');
    }

    /** (5) Sustained delivery, per server and latency (lines without a server are the sink's). */
    private void sustained() {
        out.append("### 5. Sustained delivery: one thread capturing in a loop\n\n");
        out.append(
                "| server | SDK | seconds | captured | received in window | received events/s | received after drain | SDK says sent | drops the SDK counts | drops reported to the server | unaccounted | heap after GC, MiB | Telltale ÷ this (events/s) |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> tt = new java.util.HashMap<>();
        for (String[] l : lines) {
            if (l[0].equals("sustained") && l[1].equals("telltale")) {
                tt.put(serverKey(l), Long.parseLong(l[4]) / Double.parseDouble(l[2]));
            }
        }
        for (String[] l : lines) {
            if (!l[0].equals("sustained")) {
                continue;
            }
            double secs = Double.parseDouble(l[2]);
            double rate = Long.parseLong(l[4]) / secs;
            Double mine = tt.get(serverKey(l));
            out.append("| ")
                    .append(serverKey(l))
                    .append(" | ")
                    .append(NAMES.get(l[1]))
                    .append(" | ")
                    .append(f1(secs))
                    .append(" | ")
                    .append(l[3])
                    .append(" | ")
                    .append(l[4])
                    .append(" | ")
                    .append(f0(rate))
                    .append(" | ")
                    .append(l[5])
                    .append(" | ")
                    .append(l[6].equals("-1") ? "—" : l[6])
                    .append(" | ")
                    .append(l[7].equals("-1") ? "none (no counter)" : l[7])
                    .append(" | ")
                    .append(l[1].equals("bugsnag") ? "—" : l[8] + " (client reports)")
                    .append(" | ")
                    .append(l[9])
                    .append(" | ")
                    .append(l.length > 13 ? l[13] : "—")
                    .append(" | ")
                    .append(mine == null ? "—" : f2(mine / rate))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static String serverKey(String[] l) {
        if (l.length <= 12) {
            return "sink";
        }
        return l[11] + (l[12].equals("0") ? "" : " + " + l[12] + " ms");
    }

    /**
     * (8) Burst capacity per server and latency: the median events/s of each SDK over the rounds of
     * this run (rounds alternate the SDKs), and Telltale's ratio to each.
     */
    private void capacity() {
        java.util.LinkedHashMap<String, Map<String, List<Double>>> rates = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> unaccounted = new java.util.HashMap<>();
        java.util.Map<String, Long> received = new java.util.HashMap<>();
        for (String[] l : lines) {
            if (!l[0].equals("capacity")) {
                continue;
            }
            String key = l[2] + (l[3].equals("0") ? "" : " + " + l[3] + " ms");
            rates.computeIfAbsent(key, k -> new java.util.HashMap<>())
                    .computeIfAbsent(l[1], k -> new ArrayList<>())
                    .add(Double.parseDouble(l[7]));
            unaccounted.merge(key + "/" + l[1], Long.parseLong(l[10]), Long::sum);
            received.merge(key + "/" + l[1], Long.parseLong(l[5]), Long::sum);
        }
        if (rates.isEmpty()) {
            return;
        }
        out.append(
                "### 8. Burst delivery capacity (events/s, median of the rounds; received / unaccounted summed)\n\n");
        out.append(
                "| server | Telltale | sentry-java | bugsnag-java | Telltale ÷ sentry-java | Telltale ÷ bugsnag-java |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, List<Double>>> e : rates.entrySet()) {
            double[] med = new double[SDKS.length];
            out.append("| ").append(e.getKey());
            for (int i = 0; i < SDKS.length; i++) {
                List<Double> v = e.getValue().get(SDKS[i]);
                med[i] = median(v);
                String k = e.getKey() + "/" + SDKS[i];
                out.append(" | ")
                        .append(
                                v == null
                                        ? "—"
                                        : f0(med[i]) + " (" + received.get(k) + " / " + unaccounted.get(k) + ")");
            }
            out.append(" | ")
                    .append(f2(med[0] / med[1]))
                    .append(" | ")
                    .append(f2(med[0] / med[2]))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static double median(List<Double> v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        java.util.Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private void servlet() {
        out.append("### 4. Servlet filter: a request that does not fail (Jetty 12 ee10, loopback, keep-alive)\n\n");
        double[] none = jmh.get("ServletFilterBenchmark.request:none");
        double[] tt = jmh.get("ServletFilterBenchmark.request:telltale");
        out.append(
                "| integration | µs/request, median (range) | alloc B/request (client + server) | overhead µs | Telltale ÷ this (overhead) |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        String[][] rows = {
            {"none", "no filter"},
            {"telltale", "Telltale (`TelltaleFilter`)"},
            {"sentry", "sentry-java 8.53.0"},
            {"bugsnag", "bugsnag-java 3.8.0 (`BugsnagServletRequestListener`)"}
        };
        for (String[] row : rows) {
            if (row[0].equals("sentry")) {
                out.append("| ").append(row[1]).append(" | no servlet integration in `io.sentry:sentry` | | | |\n");
                continue;
            }
            double[] r = jmh.get("ServletFilterBenchmark.request:" + row[0]);
            if (r == null) {
                continue;
            }
            boolean base = row[0].equals("none");
            String over = base ? "0" : none == null ? "—" : f1(r[0] - none[0]);
            String ratio = base || tt == null || none == null ? "—" : f2((tt[0] - none[0]) / (r[0] - none[0]));
            out.append("| ")
                    .append(row[1])
                    .append(" | ")
                    .append(time1(r))
                    .append(" | ")
                    .append(f0(r[2]))
                    .append(" | ")
                    .append(over)
                    .append(" | ")
                    .append(ratio)
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void startup() {
        String[] l0 = null;
        for (String[] l : lines) {
            if (l[0].equals("startup") && l[1].equals("none")) {
                l0 = l;
            }
        }
        out.append("### 6. `-javaagent` start-up: wall time of a trivial main\n\n");
        if (l0 == null) {
            out.append("Not measured in this run.\n\n");
            return;
        }
        double none = Double.parseDouble(l0[2]);
        double tt = Double.NaN;
        for (String[] l : lines) {
            if (l[0].equals("startup") && l[1].equals("telltale")) {
                tt = Double.parseDouble(l[2]) - none;
            }
        }
        out.append("Median of ").append(l0[5]).append(" runs each, alternating.\n\n");
        out.append("| agent | jar MiB | wall ms, median (min–max) | overhead ms | Telltale ÷ this (overhead) |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        Map<String, String> names = Map.of(
                "none",
                "no agent",
                "telltale",
                "Telltale (`telltale-agent.jar`), the bare flag, hooks in before main",
                "bytebuddy",
                "bare Byte Buddy agent (one transformation)",
                "otel",
                "OpenTelemetry java agent, exporters off");
        for (String key : new String[] {"none", "telltale", "bytebuddy", "otel"}) {
            for (String[] l : lines) {
                if (!l[0].equals("startup") || !l[1].equals(key)) {
                    continue;
                }
                double median = Double.parseDouble(l[2]);
                boolean base = key.equals("none");
                out.append("| ")
                        .append(names.get(key))
                        .append(" | ")
                        .append(base ? "—" : String.format(Locale.ROOT, "%.2f", Long.parseLong(l[6]) / 1048576.0))
                        .append(" | ")
                        .append(l[2])
                        .append(" (")
                        .append(l[3])
                        .append("–")
                        .append(l[4])
                        .append(")")
                        .append(" | ")
                        .append(base ? "0" : f0(median - none))
                        .append(" | ")
                        .append(base ? "—" : f2(tt / (median - none)))
                        .append(" |\n");
            }
        }
        out.append('\n');
    }

    private void storm() {
        out.append("### 7. Heap retained during a storm of captures, sink down\n\n");
        out.append(
                "| SDK | captures planned | captures done | seconds | max retained MiB | retained at end MiB | Telltale ÷ this (max) | note |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        double tt = Double.NaN;
        for (String[] l : lines) {
            if (l[0].equals("storm") && l[1].equals("telltale")) {
                tt = Double.parseDouble(l[6]);
            }
        }
        for (String sdk : SDKS) {
            for (String[] l : lines) {
                if (!l[0].equals("storm") || !l[1].equals(sdk)) {
                    continue;
                }
                double max = Double.parseDouble(l[6]);
                out.append("| ")
                        .append(NAMES.get(sdk))
                        .append(" | ")
                        .append(l[2])
                        .append(" | ")
                        .append(l[3])
                        .append(" | ")
                        .append(l[4])
                        .append(" | ")
                        .append(l[6])
                        .append(" | ")
                        .append(l[7])
                        .append(" | ")
                        .append(f2(tt / max))
                        .append(" | ")
                        .append(l.length > 8 ? l[8] : "")
                        .append(" |\n");
            }
        }
        out.append('\n');
    }

    private static String ratio(double[] telltale, double[] other, int index) {
        if (telltale == null || other == null) {
            return "—";
        }
        return f2(telltale[index] / other[index]);
    }

    /** Median iteration (fastest–slowest iteration). */
    private static String time(double[] r) {
        return Double.isNaN(r[1]) ? f0(r[0]) : f0(r[0]) + " (" + f0(r[1]) + "–" + f0(r[3]) + ")";
    }

    /** As {@link #time}, one decimal (microseconds). */
    private static String time1(double[] r) {
        return Double.isNaN(r[1]) ? f1(r[0]) : f1(r[0]) + " (" + f1(r[1]) + "–" + f1(r[3]) + ")";
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
