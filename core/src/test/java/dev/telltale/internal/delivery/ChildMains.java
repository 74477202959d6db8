package dev.telltale.internal.delivery;

import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;

/** Main classes run in forked JVMs by the pipeline tests. Each prints what the parent waits for. */
final class ChildMains {
    private ChildMains() {
    }

    static TelltaleOptions.Builder options(String outbox, String uri) {
        return TelltaleOptions.builder().externalConfig(false).uncaughtHandler(false).shutdownHook(false)
                .destinations(uri).outboxDir(outbox).serverName("child")
                .set("retry-initial-backoff-ms", "50").set("retry-max-backoff-ms", "200");
    }

    /** args: outbox uri — captures one fatal event, says so, then waits to be killed. */
    static final class Fatal {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).set("shutdown-timeout-ms", "300").build());
            String id = c.capture(Capture.exception(new IllegalStateException("fatal in child")).level(Level.FATAL));
            System.out.println("CAPTURED " + id);
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /** args: outbox uri shutdownTimeoutMs — captures, then returns from main; the shutdown hook must not hang. */
    static final class Exiting {
        public static void main(String[] args) throws Exception {
            TelltaleClient c = TelltaleClient.start(options(args[0], args[1]).shutdownHook(true)
                    .set("read-timeout-ms", "30000").set("shutdown-timeout-ms", args[2]).build());
            for (int i = 0; i < 5; i++) {
                c.captureMessage(String.format("exit-%04d", i), Level.ERROR);
            }
            Thread.sleep(300); // the first request is now hanging
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
            TelltaleClient.start(options(args[0], args[1]).uncaughtHandler(true).shutdownHook(true)
                    .set("shutdown-timeout-ms", "5000").build());
            System.out.println("CRASHING");
            System.out.flush();
            throw new IllegalStateException("crash on main");
        }
    }
}
