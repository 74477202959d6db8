package dev.telltale.internal.delivery;

import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;

/** Main classes run in forked JVMs by the pipeline tests. Each prints what the parent waits for. */
final class ChildMains {
    private ChildMains() {}

    static TelltaleOptions.Builder options(String outbox, String uri) {
        return TelltaleOptions.builder()
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .destinations(uri)
                .outboxDir(outbox)
                .serverName("child")
                .set("retry-initial-backoff-ms", "50")
                .set("retry-max-backoff-ms", "200")
                .set("max-in-flight", "1"); // as Pipelines.options: the tests count hanging requests and check order
    }

    /** args: outbox uri — captures one fatal event, says so, then waits to be killed. */
    static final class Fatal {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(
                    options(args[0], args[1]).set("shutdown-timeout-ms", "300").build());
            String id = c.capture(Capture.exception(new IllegalStateException("fatal in child"))
                    .level(Level.FATAL));
            System.out.println("CAPTURED " + id);
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /**
     * args: outbox uri shutdownTimeoutMs — captures, waits for a line on stdin, then returns from
     * main; the shutdown hook must not hang.
     */
    static final class Exiting {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1])
                    .shutdownHook(true)
                    .set("read-timeout-ms", "30000")
                    .set("shutdown-timeout-ms", args[2])
                    .build());
            for (int i = 0; i < 5; i++) {
                c.captureMessage(String.format("exit-%04d", i), Level.ERROR);
            }
            System.out.println("CAPTURED");
            System.out.flush();
            // The parent answers once the backend holds the first request (a line, or EOF if it died).
            new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine();
            System.out.println("EXITING");
            System.out.flush();
        }
    }

    /** args: outbox uri expected — drains the shared outbox until it is empty, prints how many it sent. */
    static final class Drainer {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).build());
            System.out.println("STARTED");
            System.out.flush();
            c.flush(20_000);
            System.out.println("SENT " + c.stats().destinations().get(0).sent());
            System.out.flush();
            c.close();
        }
    }

    /** args: outbox uri — installs the uncaught handler and the shutdown hook, then dies of an exception on main. */
    static final class CrashOnMain {
        public static void main(String[] args) {
            TelltaleClient.start(options(args[0], args[1])
                    .uncaughtHandler(true)
                    .shutdownHook(true)
                    .set("shutdown-timeout-ms", "5000")
                    .build());
            System.out.println("CRASHING");
            System.out.flush();
            throw new IllegalStateException("crash on main");
        }
    }

    /**
     * args: outbox uri n — once the lane has seen the backend fail, captures n distinct events in a burst and closes at once (a short shutdown
     * timeout, so close lands while the sender is still writing to the outbox), then prints
     * {@code STATS captured sent dropped} (drops of every reason, client and destination).
     */
    static final class BurstThenClose {
        public static void main(String[] args) throws InterruptedException {
            int n = Integer.parseInt(args[2]);
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1])
                    .set("queue-size", Integer.toString(n))
                    .set("shutdown-timeout-ms", "50")
                    .build());
            c.captureMessage("burst-00000", Level.ERROR);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (c.stats().destinations().get(0).retried() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the lane knows the backend is down: the burst goes to the outbox
            }
            for (int i = 1; i < n; i++) {
                c.captureMessage(String.format("burst-%05d", i), Level.ERROR);
            }
            c.close();
            dev.telltale.TelltaleStats s = c.stats();
            long dropped = 0;
            for (long v : s.dropped().values()) {
                dropped += v;
            }
            for (dev.telltale.TelltaleStats.DestinationStats d : s.destinations()) {
                dropped += d.droppedTotal();
            }
            System.out.println(
                    "STATS " + s.captured() + " " + s.destinations().get(0).sent() + " " + dropped + " " + s);
            System.out.flush();
        }
    }
}
