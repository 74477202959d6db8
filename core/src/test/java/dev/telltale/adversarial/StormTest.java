package dev.telltale.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.Forked;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storm: 8 threads capture fresh exceptions as fast as they can against a backend that is down,
 * in a JVM of 128 MB. Nothing is thrown, the heap after GC stays bounded, and the accounting is exact:
 * captured = dropped before any destination + queued + sent + dropped there + pending there.
 * 8 s in CI; {@code -Dtelltale.storm.seconds=60} for the soak. p50/p99 are printed (figures for
 * docs/RELIABILITY.md), never asserted.
 */
class StormTest {
    @TempDir
    Path outbox;

    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again: connection refused
        }
    }

    @Test
    void eightThreadsAgainstADeadBackendHoldTheHeapAndTheAccountingIsExact() throws Exception {
        String seconds = System.getProperty("telltale.storm.seconds", "8");
        String uri = "http://stormkey@127.0.0.1:" + deadPort() + "/1";
        try (Forked child = new Forked(
                Children.Storm.class,
                Arrays.asList(
                        "-Xmx128m",
                        "-XX:+HeapDumpOnOutOfMemoryError",
                        "-XX:HeapDumpPath=" + outbox.resolve("oom.hprof")),
                outbox.toString(),
                uri,
                seconds,
                "8")) {
            String balance = child.expect("BALANCE ", 300_000);
            child.expect("CLOSED", 120_000);
            assertEquals(0, child.exit(60_000), child.tail());
            String all = String.join("\n", child.all);
            assertFalse(all.contains("OutOfMemoryError"), child.tail());
            assertTrue(balance.startsWith("BALANCE EXACT"), balance + "\n" + child.tail());
            long calls = Long.parseLong(line(child, "CALLS ").split(" ")[1]);
            assertTrue(calls > 0, child.tail());
            long heapMb = Long.parseLong(line(child, "MAX_HEAP_AFTER_GC_MB ").split(" ")[1]);
            assertTrue(heapMb <= 64, "heap after GC " + heapMb + " MB of 128");
            System.out.println("storm " + seconds + " s x 8 threads: " + line(child, "CALLS ") + "; "
                    + line(child, "P50_US ") + "; " + line(child, "MAX_HEAP_AFTER_GC_MB ") + "; " + balance + "; "
                    + line(child, "STATS "));
        }
    }

    static String line(Forked child, String prefix) {
        for (String l : child.all) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line " + prefix + " in " + child.tail());
    }
}
