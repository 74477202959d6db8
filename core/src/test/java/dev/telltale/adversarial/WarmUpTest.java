package dev.telltale.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.testkit.Forked;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 12: the first capture in a process cost 17-74 ms on the caller's thread, nearly all
 * class loading. After start the capture path is warmed off-thread, so the first capture loads no
 * Telltale class on the caller's thread. Judged by the JVM's class-load log, not by a clock.
 */
class WarmUpTest {
    @TempDir
    Path dir;

    /** Starts a client, waits for the warm-up thread to end, then captures between two markers. */
    public static final class FirstCapture {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(TelltaleOptions.builder()
                    .destinations("file:" + args[0])
                    .outboxDir(args[1])
                    .uncaughtHandler(false)
                    .shutdownHook(false)
                    .build());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (warmUpAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            RuntimeException e = new RuntimeException("first");
            Class.forName(Probe.class.getName()); // its load line names this thread's id
            System.out.println("MARK-BEFORE");
            String id = c.captureException(e);
            System.out.println("MARK-AFTER " + id);
            c.close();
            System.out.println("THREADS " + (warmUpAlive() ? "warm-up alive" : "none"));
        }

        static final class Probe {}

        static boolean warmUpAlive() {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("telltale-warmup")) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void theFirstCaptureLoadsNoTelltaleClassOnTheCallersThread() throws Exception {
        try (Forked child = new Forked(
                FirstCapture.class,
                Arrays.asList("-Xlog:class+load=info:stdout:tid"),
                dir.resolve("events").toString(),
                dir.resolve("outbox").toString())) {
            assertEquals(0, child.exit(120_000), child.tail());
            // Only the main thread's loads count: the sender thread may be building the event meanwhile.
            String mainTid = null;
            for (String line : child.all) {
                if (line.contains("FirstCapture$Probe")) {
                    mainTid = line.substring(0, line.indexOf(']') + 1);
                }
            }
            assertTrue(mainTid != null && mainTid.startsWith("["), child.tail());
            List<String> between = new ArrayList<>();
            boolean in = false;
            for (String line : child.all) {
                if (line.startsWith("MARK-BEFORE")) {
                    in = true;
                } else if (line.startsWith("MARK-AFTER")) {
                    assertEquals(
                            32, line.substring("MARK-AFTER ".length()).trim().length(), "captured: " + line);
                    in = false;
                } else if (in && line.startsWith(mainTid) && line.contains(" dev.telltale.")) {
                    between.add(line);
                }
            }
            assertTrue(between.isEmpty(), "classes loaded by the first capture: " + between);
            assertTrue(child.all.contains("THREADS none"), child.tail());
        }
    }
}
