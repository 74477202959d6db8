package dev.telltale.adversarial;

import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** Main classes of the forked JVMs of the kill matrix and the storm. Each prints what the parent waits for. */
final class Children {
    private Children() {}

    static TelltaleOptions.Builder options(String outbox, String uri) {
        return TelltaleOptions.builder()
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .destinations(uri)
                .outboxDir(outbox)
                .serverName("child")
                .set("retry-initial-backoff-ms", "100")
                .set("retry-max-backoff-ms", "400")
                .set("read-timeout-ms", "60000");
    }

    /** args: outbox uri count — captures {@code kill-NNNN} messages, says so, then waits to be killed. */
    static final class Capturer {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).build());
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                c.captureMessage(String.format("kill-%04d", i), Level.ERROR);
            }
            System.out.println("CAPTURED " + n);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    /** args: outbox uri — resends what the shared outbox holds; prints its stats until killed or done. */
    static final class Replayer {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).build());
            System.out.println("STARTED");
            System.out.flush();
            boolean drained = c.flush(60_000);
            System.out.println("DRAINED " + drained + " " + c.stats());
            System.out.flush();
            c.close();
        }
    }

    /**
     * args: outbox uri seconds threads — the storm: fresh exceptions from every thread against a dead
     * backend. Prints the capture p99, the largest heap after GC, and the accounting.
     */
    static final class Storm {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).build());
            long seconds = Long.parseLong(args[2]);
            int threads = Integer.parseInt(args[3]);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            AtomicLong calls = new AtomicLong();
            long[][] samples = new long[threads][];
            AtomicLong maxHeapAfterGc = new AtomicLong();
            Thread monitor = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    System.gc(); // live data, not garbage: what the storm really holds
                    maxHeapAfterGc.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            monitor.setDaemon(true);
            monitor.start();
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                final int id = t;
                Thread w = new Thread(
                        () -> {
                            long[] lat = new long[1 << 16];
                            int k = 0;
                            long i = 0;
                            while (System.nanoTime() < end) {
                                Throwable e =
                                        deep(new IllegalStateException("storm " + id + "-" + i++), 20 + (int) (i % 20));
                                long t0 = System.nanoTime();
                                c.captureException(e);
                                lat[k++ & (lat.length - 1)] = System.nanoTime() - t0;
                                calls.incrementAndGet();
                            }
                            samples[id] = Arrays.copyOf(lat, Math.min(k, lat.length));
                            done.countDown();
                        },
                        "storm-" + t);
                w.start();
            }
            done.await();
            long[] all = Arrays.stream(samples)
                    .flatMapToLong(Arrays::stream)
                    .sorted()
                    .toArray();
            long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)];
            long p50 = all.length == 0 ? 0 : all[all.length / 2];
            c.flush(2_000);
            // The accounting must add up exactly once nothing moves any more; poll for that moment.
            long deadline = System.nanoTime() + 60_000_000_000L;
            String balance;
            do {
                balance = balance(c.stats());
            } while (!balance.startsWith("EXACT") && System.nanoTime() < deadline && sleep());
            monitor.interrupt();
            System.out.println("CALLS " + calls.get());
            System.out.println("P50_US " + p50 / 1000 + " P99_US " + p99 / 1000);
            System.out.println("MAX_HEAP_AFTER_GC_MB " + maxHeapAfterGc.get() / (1 << 20));
            System.out.println("BALANCE " + balance);
            System.out.println("STATS " + c.stats());
            System.out.flush();
            c.close();
            System.out.println("CLOSED");
        }

        private static boolean sleep() {
            try {
                Thread.sleep(100);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        /** "EXACT captured=..." when captured = dropped before any destination + queued + sent + dropped + pending. */
        static String balance(TelltaleStats s) {
            long before = 0;
            for (long v : s.dropped().values()) {
                before += v;
            }
            TelltaleStats.DestinationStats d = s.destinations().get(0);
            long sum = before + s.queued() + d.sent() + d.droppedTotal() + d.pending();
            return (sum == s.captured() ? "EXACT" : "OFF") + " captured=" + s.captured() + " sum=" + sum
                    + " (dropped before=" + before + " queued=" + s.queued() + " sent=" + d.sent() + " dropped="
                    + d.droppedTotal() + " pending=" + d.pending() + ")";
        }

        private static Throwable deep(Throwable t, int depth) {
            StackTraceElement[] st = new StackTraceElement[depth];
            for (int i = 0; i < depth; i++) {
                st[i] = new StackTraceElement("com.example.Storm" + (i % 7), "call" + i, "Storm.java", i + 1);
            }
            t.setStackTrace(st);
            return t;
        }
    }
}
