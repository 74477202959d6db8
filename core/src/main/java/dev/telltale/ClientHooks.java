package dev.telltale;

import dev.telltale.config.Settings;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.UncaughtHandler;
import dev.telltale.internal.check.ReleaseRegistration;
import dev.telltale.internal.check.SetupCheck;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What a running client installs in the JVM besides its dispatcher: the warm-up thread, the
 * uncaught-exception handler, the shutdown hook and the release registration. {@link #remove}
 * takes the hooks out before the dispatcher closes; {@link #stop} ends the threads after it, so
 * {@code close()} leaves nothing behind.
 */
final class ClientHooks {
    private final Diagnostics diagnostics;
    private UncaughtHandler uncaughtHandler;
    private Thread shutdownHook;
    private volatile Thread warmThread;
    private ReleaseRegistration releases;

    ClientHooks(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void startWarmUp(Runnable warmUp) {
        Thread warm = new Thread(warmUp, "telltale-warmup");
        warm.setDaemon(true);
        try {
            warm.start();
            warmThread = warm;
        } catch (Throwable e) {
            diagnostics.debug("no warm-up thread: " + e.getClass().getName());
        }
    }

    void installUncaughtHandler(BiConsumer<Thread, Throwable> report) {
        uncaughtHandler = UncaughtHandler.install(report);
    }

    void addShutdownHook(Runnable closeDispatcher) {
        Thread hook = new Thread(closeDispatcher, "telltale-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        } catch (IllegalStateException | SecurityException e) {
            diagnostics.debug("no shutdown hook: " + e);
        }
    }

    /** With a release and a management credential (read-api), registers the release off this thread. */
    void registerRelease(Settings settings, List<String> destinationNames) {
        try {
            releases =
                    ReleaseRegistration.start(settings, destinationNames, SetupCheck.readApiOfProcess(), diagnostics);
        } catch (RuntimeException | LinkageError e) {
            diagnostics.warn("release registration not started: " + e.getClass().getName());
        }
    }

    /** Before the dispatcher closes: no new uncaught report, and no second close from the hook. */
    void remove() {
        if (uncaughtHandler != null) {
            uncaughtHandler.uninstall();
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it closes the dispatcher itself
            }
        }
    }

    /** After the dispatcher closed: joins the warm-up thread and stops the release registration. */
    void stop() {
        Thread warm = warmThread;
        if (warm != null) {
            try {
                warm.join(1000); // a few milliseconds of class loading: close leaves no thread behind
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (releases != null) {
            releases.close();
        }
    }
}
