package dev.telltale.bench;

import dev.telltale.DropReason;
import dev.telltale.TelltaleStats;
import dev.telltale.bench.sdk.Reporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood, one SDK per JVM: THREADS application threads capture fresh exception chains as fast as
 * they can for SECONDS with the backend up, then SECONDS more with it down (its port closed:
 * connections refused). Per phase, one tab-separated line:
 * {@code flood sdk server phase seconds threads captured captures/s p50µs p99µs p99.9µs maxµs
 * heapAfterGcMiB peakHeapMiB received sdkSent spooled drops sinkReportedDrops note}, where
 * {@code drops} lists the SDK's own drop counters by reason (cumulative) and received is what the
 * server counted (cumulative). The capture time is measured around each call on the calling thread.
 *
 * <p>Usage: {@code java -Xmx1g -cp benchmarks.jar dev.telltale.bench.Flood SDK SERVER SECONDS THREADS}
 */
public final class Flood {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Flood() {}

    public static void main(String[] args) throws Exception {
        String sdk = args[0];
        String server = args[1];
        int seconds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        Backends b = Backends.start(server, 0);
        Reporter r = Reporter.start(sdk, b.hostPort(), false);
        r.capture(new Chains().fresh()); // threads started, classes loaded
        r.flush(2_000);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "flood-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long received = 0;
        long reported = 0;
        for (String phase : new String[] {"up", "down"}) {
            if (phase.equals("down")) {
                received = b.events();
                reported = b.reportedDiscarded();
                b.close(); // the port closes: the SDKs' connections are refused from now on
            }
            peak.set(0);
            Latencies lat = new Latencies();
            long start = System.nanoTime();
            long captured = run(r, threads, seconds, lat);
            double secs = (System.nanoTime() - start) / 1e9;
            long heap = usedAfterGc();
            if (phase.equals("up")) {
                received = b.events();
                reported = b.reportedDiscarded();
            }
            String note = r instanceof TelltaleReporter ? ((TelltaleReporter) r).stats() : "";
            System.out.println(String.format(
                            Locale.ROOT,
                            "flood\t%s\t%s\t%s\t%.1f\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%d\t%d\t%s\t%d\t%s\t%s",
                            sdk,
                            server,
                            phase,
                            secs,
                            threads,
                            captured,
                            captured / secs,
                            lat.quantile(0.5) / 1e3,
                            lat.quantile(0.99) / 1e3,
                            lat.quantile(0.999) / 1e3,
                            lat.max() / 1e3,
                            heap >> 20,
                            peak.get() >> 20,
                            received,
                            r.reportedSent(),
                            spooled(r),
                            drops(r),
                            reported,
                            note.replace('\t', ' '),
                            label(sdk))
                    .replace('\n', ' '));
            System.out.flush();
        }
        sampler.interrupt();
        Runtime.getRuntime().halt(0); // an SDK's shutdown hook would try to send its backlog to a closed port
    }

    private static long run(Reporter r, int threads, int seconds, Latencies total) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<Latencies> each = new ArrayList<>();
        AtomicLong captured = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            Latencies mine = new Latencies();
            each.add(mine);
            Thread t = new Thread(
                    () -> {
                        Chains chains = new Chains();
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long n = 0;
                        while (System.nanoTime() < end) {
                            Throwable fresh = chains.fresh();
                            long t0 = System.nanoTime();
                            r.capture(fresh);
                            mine.record(System.nanoTime() - t0);
                            n++;
                        }
                        captured.addAndGet(n);
                    },
                    "app-" + i);
            ts.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        for (Latencies l : each) {
            total.add(l);
        }
        return captured.get();
    }

    /** Telltale's storm-policy setting when the run sets one ({@code -Dbench.storm-per-group}). */
    private static String label(String sdk) {
        String storm = System.getProperty("bench.storm-per-group");
        return sdk.equals("telltale") && storm != null ? "storm-per-group=" + storm : "";
    }

    private static long spooled(Reporter r) {
        if (!(r instanceof TelltaleReporter)) {
            return -1;
        }
        long n = 0;
        for (TelltaleStats.DestinationStats d :
                ((TelltaleReporter) r).client().stats().destinations()) {
            n += d.spooled();
        }
        return n;
    }

    /** The SDK's own drop counters by reason ({@code reason=n,…}), or {@code -} when it has none. */
    private static String drops(Reporter r) {
        if (!(r instanceof TelltaleReporter)) {
            return r.reportedDropped() < 0 ? "-" : "dropped=" + r.reportedDropped();
        }
        TelltaleStats s = ((TelltaleReporter) r).client().stats();
        StringBuilder out = new StringBuilder();
        for (DropReason reason : DropReason.values()) {
            long n = s.dropped(reason);
            for (TelltaleStats.DestinationStats d : s.destinations()) {
                n += d.dropped(reason);
            }
            if (n > 0) {
                out.append(out.length() == 0 ? "" : ",")
                        .append(reason.name().toLowerCase(Locale.ROOT))
                        .append('=')
                        .append(n);
            }
        }
        return out.length() == 0 ? "none" : out.toString();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
