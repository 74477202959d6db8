package dev.telltale.lifecycle;

import dev.telltale.Level;
import dev.telltale.Telltale;
import dev.telltale.TelltaleOptions;

/**
 * A small application that captures its last events right before it ends, in one of the ways an
 * application ends. Run in a forked JVM by {@link CloseAndExitMatrixTest}.
 *
 * <p>args: mode destination outbox n tag — mode is {@code close} (capture, then {@code Telltale.close()}),
 * {@code return} (capture, then {@code main} returns; the shutdown hook closes), {@code uncaught} (the last
 * non-daemon thread captures and then dies of an uncaught exception, which is the last event),
 * {@code exit} (capture, then another thread calls {@code System.exit}), {@code crash} (main dies of an
 * uncaught exception, which is the last event: the fatal path).
 */
public final class LastEventsMain {
    private LastEventsMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[3]);
        String tag = args[4];
        dev.telltale.TelltaleClient client = Telltale.init(TelltaleOptions.builder()
                .externalConfig(false)
                .destinations(args[1])
                .outboxDir(args[2])
                .serverName("matrix")
                .set("shutdown-timeout-ms", System.getProperty("matrix.timeout", "10000"))
                .set("queue-size", "2000")
                .build());
        switch (mode) {
            case "close": {
                capture(tag, 0, n);
                long t0 = System.nanoTime();
                Telltale.close();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("CLOSED " + ms + " ms; " + client.stats());
                break;
            }
            case "return":
                capture(tag, 0, n);
                break;
            case "uncaught": {
                Thread last = new Thread(
                        () -> {
                            capture(tag, 0, n - 1);
                            throw new IllegalStateException(tag + "-" + (n - 1));
                        },
                        "last-worker");
                last.start(); // non-daemon: the JVM ends when it dies
                break;
            }
            case "crash":
                capture(tag, 0, n - 1);
                throw new IllegalStateException(tag + "-" + (n - 1)); // fatal: on main, the JVM goes down
            case "exit": {
                capture(tag, 0, n);
                Thread exiter = new Thread(() -> System.exit(0), "exiter");
                exiter.start();
                Thread.sleep(60_000); // System.exit ends this
                break;
            }
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    private static void capture(String tag, int from, int to) {
        for (int i = from; i < to; i++) {
            Telltale.captureMessage(tag + "-" + i, Level.ERROR);
        }
    }
}
