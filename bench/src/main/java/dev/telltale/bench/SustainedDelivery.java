package dev.telltale.bench;

import dev.telltale.bench.sdk.Reporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * (5) Sustained delivery, one SDK per JVM: one thread captures fresh exception chains in a loop for
 * N seconds while the sink counts what arrives. Then a bounded drain. Prints one tab-separated line:
 * {@code sustained sdk seconds captured receivedInWindow receivedTotal sdkSent sdkDropped sinkReportedDrops unaccounted note server latencyMs heapAfterGcMiB}.
 * "unaccounted" = captured − received − drops the SDK reported (locally or to the server): silent
 * drops, or events still queued when the drain ended.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.SustainedDelivery SDK SECONDS DRAIN_SECONDS [SERVER [LATENCY_MS]]}
 * with SERVER {@code jdk}, {@code jetty} or {@code sink} (the default; see {@link Backends})
 */
public final class SustainedDelivery {
    private SustainedDelivery() {}

    public static void main(String[] args) throws Exception {
        String sdk = args[0];
        int seconds = Integer.parseInt(args[1]);
        int drainSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String server = args.length > 3 ? args[3] : "sink";
        long latency = args.length > 4 ? Long.parseLong(args[4]) : 0;
        System.out.println(run(sdk, seconds, drainSeconds, server, latency));
        System.exit(0); // an SDK's non-daemon threads must not keep the JVM alive
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String run(String sdk, int seconds, int drainSeconds, String server, long latency) throws Exception {
        Chains chains = new Chains();
        try (Backends sink = Backends.start(server, latency)) {
            Reporter r = Reporter.start(sdk, sink.hostPort(), false);
            String note = "";
            long captured = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            try {
                while (System.nanoTime() < end) {
                    r.capture(chains.fresh());
                    captured++;
                }
            } catch (OutOfMemoryError e) {
                note = "OutOfMemoryError after " + captured + " captures";
            }
            double window = (System.nanoTime() - start) / 1e9;
            long inWindow = sink.events();
            // Drain: wait while the sink still receives, bounded by drainSeconds.
            r.flush(drainSeconds * 1000L);
            long deadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
            long last = -1;
            while (System.nanoTime() < deadline) {
                long now = sink.events();
                if (now == last && now + Math.max(0, r.reportedDropped()) >= captured) {
                    break;
                }
                if (now == last && sdk.equals("sentry")) {
                    break; // sentry-java has flushed; its client reports arrive with the next envelope
                }
                last = now;
                Thread.sleep(500);
            }
            long total = sink.events();
            long sent = r.reportedSent();
            long dropped = r.reportedDropped();
            if (sdk.equals("sentry")) {
                // Client reports travel with later envelopes: send one so the last report arrives.
                r.capture(new IllegalStateException("carrier for the last client report"));
                r.flush(2_000);
                Thread.sleep(300);
            }
            long sinkReported = sink.reportedDiscarded();
            // Telltale counts its drops locally and also reports them to a Sentry server (client
            // reports): the local counters are the ones used, so nothing is subtracted twice.
            long unaccounted = captured - total - (dropped >= 0 ? dropped : sinkReported);
            if (r instanceof TelltaleReporter) {
                note = (note.isEmpty() ? "" : note + "; ") + ((TelltaleReporter) r).stats();
            }
            r.close();
            long heap = usedAfterGc();
            return String.format(
                            Locale.ROOT,
                            "sustained\t%s\t%.2f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%d",
                            sdk,
                            window,
                            captured,
                            inWindow,
                            total,
                            sent,
                            dropped,
                            sinkReported,
                            unaccounted,
                            note.replace('\t', ' '),
                            server,
                            latency,
                            heap >> 20)
                    .replace('\n', ' ');
        }
    }
}
