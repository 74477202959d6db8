package dev.telltale.bench;

import dev.telltale.bench.sdk.Reporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * (7) Heap retained by one SDK during a storm of captures with the sink down (connections refused),
 * one SDK per JVM. Used heap after a full GC is sampled before the storm and ten times during it;
 * the figure is the largest sample minus the baseline. The storm stops early on OutOfMemoryError or
 * after the time limit. Prints one tab-separated line:
 * {@code storm sdk planned captured seconds baselineMiB maxRetainedMiB endRetainedMiB note}.
 *
 * <p>Usage: {@code java -Xmx1g -cp benchmarks.jar dev.telltale.bench.StormHeap SDK COUNT [LIMIT_SECONDS]}
 */
public final class StormHeap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final boolean HISTOGRAM = Boolean.getBoolean("storm.histogram");
    private static volatile long progress;
    /** Freed on OutOfMemoryError so that the result can still be written. */
    private static volatile byte[] ballast;

    private static volatile long maxSeen;
    private static volatile long baselineSeen;
    /** Whoever reports first (the storm or the watchdog) prints the one result line. */
    private static final java.util.concurrent.atomic.AtomicBoolean REPORTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private StormHeap() {}

    public static void main(String[] args) throws Exception {
        String sdk = args[0];
        long count = Long.parseLong(args[1]);
        int limitSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        String line;
        try {
            line = run(sdk, count, limitSeconds);
        } catch (Throwable e) {
            ballast = null;
            // Out of memory again while reporting: the SDK filled the heap, which is the result.
            long full = Runtime.getRuntime().maxMemory() - baselineSeen;
            line = "storm\t" + sdk + "\t" + count + "\t" + progress + "\t-\t" + (baselineSeen >> 20) + "\t"
                    + (full >> 20)
                    + "\t" + (full >> 20) + "\t" + e.getClass().getSimpleName() + " after " + progress
                    + " captures: the heap (-Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB) is full";
        }
        if (REPORTED.compareAndSet(false, true)) {
            System.out.println(line);
            System.out.flush();
        }
        Runtime.getRuntime().halt(0); // an SDK's shutdown hook would try to send its backlog to a dead sink
    }

    static String run(String sdk, long count, int limitSeconds) throws Exception {
        ballast = new byte[16 << 20];
        Chains chains = new Chains();
        Reporter r = Reporter.start(sdk, "127.0.0.1:" + LoopbackSink.deadPort(), false);
        r.capture(chains.fresh()); // let the SDK start its threads before the baseline
        Thread.sleep(200);
        long baseline = usedAfterGc();
        baselineSeen = baseline;
        long max = 0;
        long captured = 0;
        String note = "";
        long step = Math.max(1, count / 10);
        long start = System.nanoTime();
        long limit = start + limitSeconds * 1_000_000_000L;
        startWatchdog(sdk, count, start, limitSeconds, baseline);
        try {
            while (captured < count) {
                r.capture(chains.fresh());
                captured++;
                progress = captured;
                if (captured % step == 0) {
                    long retained = usedAfterGc() - baseline;
                    if (retained > max && HISTOGRAM) {
                        histogram("after " + captured + " captures, " + (retained >> 20) + " MiB retained");
                    }
                    max = Math.max(max, retained);
                    maxSeen = max;
                }
                if (captured % 1000 == 0 && System.nanoTime() > limit) {
                    note = "stopped at the " + limitSeconds + " s limit";
                    break;
                }
            }
        } catch (OutOfMemoryError e) {
            // The SDK still holds the heap: free the ballast so reporting itself can allocate.
            long full = MEMORY.getHeapMemoryUsage().getUsed();
            ballast = null;
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format(
                    Locale.ROOT,
                    "storm\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s",
                    sdk,
                    count,
                    captured,
                    seconds,
                    mib(baseline),
                    mib(full - baseline),
                    mib(full - baseline),
                    "OutOfMemoryError after " + captured + " captures (-Xmx "
                            + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long end = usedAfterGc() - baseline;
        max = Math.max(max, end);
        if (note.isEmpty()) {
            long dropped = r.reportedDropped();
            note = dropped >= 0 ? "SDK reports " + dropped + " dropped" : "SDK reports no drop count";
        }
        return String.format(
                Locale.ROOT,
                "storm\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s",
                sdk,
                count,
                captured,
                seconds,
                mib(baseline),
                mib(max),
                mib(end),
                note);
    }

    /**
     * An SDK whose queue has filled the heap keeps the JVM in back-to-back full GCs long before it
     * throws OutOfMemoryError; the storm's loop then never reaches its own time check. This thread
     * reports what is known at the limit (plus a grace period) and ends the JVM.
     */
    private static void startWatchdog(String sdk, long count, long start, int limitSeconds, long baseline) {
        Thread t = new Thread(
                () -> {
                    try {
                        Thread.sleep(limitSeconds * 1000L + 15_000L);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!REPORTED.compareAndSet(false, true)) {
                        return;
                    }
                    long used = MEMORY.getHeapMemoryUsage().getUsed() - baseline;
                    System.out.println(String.format(
                            Locale.ROOT,
                            "storm\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s",
                            sdk,
                            count,
                            progress,
                            (System.nanoTime() - start) / 1e9,
                            mib(baseline),
                            mib(Math.max(maxSeen, used)),
                            mib(used),
                            "stuck in full GCs with the heap full (-Xmx "
                                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB); ended by the watchdog"));
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                },
                "storm-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** The largest classes on the heap, to stderr ({@code -Dstorm.histogram=true}): what an SDK retains. */
    private static void histogram(String when) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            String[] lines = String.valueOf(text).split("\n");
            System.err.println("storm histogram " + when + ":");
            for (int i = 0; i < Math.min(lines.length, 18); i++) {
                System.err.println("  " + lines[i]);
            }
        } catch (Exception e) {
            System.err.println("storm histogram unavailable: " + e);
        }
    }

    /**
     * Used heap after a full GC. A GC request can be skipped while another thread is inside a JNI
     * critical region (gzip, socket I/O: "GC locker is held"), which would count garbage as
     * retained; the smallest of three tries is the figure.
     */
    private static long usedAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            min = Math.min(min, MEMORY.getHeapMemoryUsage().getUsed());
            Thread.sleep(20);
        }
        return min;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
