package dev.telltale.bench;

import dev.telltale.bench.sdk.Reporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import java.util.Locale;

/**
 * Burst delivery capacity, one SDK per JVM: capture N fresh exception chains as fast as possible,
 * then time until the server has received them all (or the limit). Prints one tab-separated line:
 * {@code capacity sdk server latencyMs burst received seconds events/s sdkDropped sinkReportedDrops unaccounted note}.
 * Events/s is received / seconds from the first capture to the last arrival.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.DeliveryCapacity SDK SERVER LATENCY_MS BURST LIMIT_SECONDS}
 * with SERVER one of {@code jdk}, {@code jetty}, {@code sink} (see {@link Backends}).
 */
public final class DeliveryCapacity {
    private DeliveryCapacity() {}

    public static void main(String[] args) throws Exception {
        String sdk = args[0];
        String server = args[1];
        long latency = Long.parseLong(args[2]);
        int burst = Integer.parseInt(args[3]);
        int limit = Integer.parseInt(args[4]);
        Chains chains = new Chains();
        Throwable[] fresh = new Throwable[burst];
        for (int i = 0; i < burst; i++) {
            fresh[i] = chains.fresh(); // built before the clock starts: only delivery is timed
        }
        try (Backends b = Backends.start(server, latency)) {
            Reporter r = Reporter.start(sdk, b.hostPort(), false);
            // One event first, delivered and counted, so connection set-up and class loading are not timed.
            r.capture(chains.fresh());
            long warm = System.nanoTime() + 10_000_000_000L;
            while (b.events() < 1 && System.nanoTime() < warm) {
                Thread.sleep(5);
            }
            long base = b.events();
            long start = System.nanoTime();
            for (Throwable t : fresh) {
                r.capture(t);
            }
            long deadline = start + limit * 1_000_000_000L;
            long lastCount = -1;
            long lastChange = System.nanoTime();
            // Done when every event arrived or was reported dropped (sentry-java's client reports),
            // rather than waiting out the limit for events an SDK has already said it dropped.
            while (System.nanoTime() < deadline && b.events() - base + b.reportedDiscarded() < burst) {
                long n = b.events();
                if (n != lastCount) {
                    lastCount = n;
                    lastChange = System.nanoTime();
                }
                Thread.sleep(2);
            }
            long received = b.events() - base;
            long end = received >= burst ? System.nanoTime() : lastChange;
            double seconds = (end - start) / 1e9;
            long dropped = r.reportedDropped();
            long sinkReported = b.reportedDiscarded();
            // Telltale's drops are counted locally (and also reported to the server): count them once.
            long unaccounted = burst - received - (dropped >= 0 ? dropped : sinkReported);
            String note = r instanceof TelltaleReporter ? ((TelltaleReporter) r).stats() : "";
            System.out.println(String.format(
                            Locale.ROOT,
                            "capacity\t%s\t%s\t%d\t%d\t%d\t%.3f\t%.0f\t%d\t%d\t%d\t%s",
                            sdk,
                            server,
                            latency,
                            burst,
                            received,
                            seconds,
                            received / seconds,
                            dropped,
                            sinkReported,
                            unaccounted,
                            note)
                    .replace('\n', ' '));
            r.close();
        }
        System.exit(0);
    }
}
