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

    private StormHeap() {
    }

    public static void main(String[] args) throws Exception {
        String sdk = args[0];
        long count = Long.parseLong(args[1]);
        int limitSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        System.out.println(run(sdk, count, limitSeconds));
        System.exit(0);
    }

    static String run(String sdk, long count, int limitSeconds) throws Exception {
        Chains chains = new Chains();
        Reporter r = Reporter.start(sdk, "127.0.0.1:" + LoopbackSink.deadPort(), false);
        r.capture(chains.fresh()); // let the SDK start its threads before the baseline
        Thread.sleep(200);
        long baseline = usedAfterGc();
        long max = 0;
        long captured = 0;
        String note = "";
        long step = Math.max(1, count / 10);
        long start = System.nanoTime();
        long limit = start + limitSeconds * 1_000_000_000L;
        try {
            while (captured < count) {
                r.capture(chains.fresh());
                captured++;
                if (captured % step == 0) {
                    max = Math.max(max, usedAfterGc() - baseline);
                }
                if (captured % 1000 == 0 && System.nanoTime() > limit) {
                    note = "stopped at the " + limitSeconds + " s limit";
                    break;
                }
            }
        } catch (OutOfMemoryError e) {
            note = "OutOfMemoryError after " + captured + " captures (-Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long end = usedAfterGc() - baseline;
        max = Math.max(max, end);
        if (note.isEmpty()) {
            long dropped = r.reportedDropped();
            note = dropped >= 0 ? "SDK reports " + dropped + " dropped" : "SDK reports no drop count";
        }
        return String.format(Locale.ROOT, "storm\t%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s",
                sdk, count, captured, seconds, mib(baseline), mib(max), mib(end), note);
    }

    private static long usedAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(50);
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
