package dev.telltale.internal;

import java.util.function.BiConsumer;

/**
 * The JVM-wide handler of uncaught exceptions: reports, then does exactly what would have happened
 * without Telltale (the previous handler, or the JDK's own "Exception in thread" print).
 */
public final class UncaughtHandler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;
    /** Null once uninstalled: a retired handler passes exceptions on and keeps no client alive. */
    private volatile BiConsumer<Thread, Throwable> report;

    private UncaughtHandler(Thread.UncaughtExceptionHandler previous, BiConsumer<Thread, Throwable> report) {
        this.previous = previous;
        this.report = report;
    }

    public static UncaughtHandler install(BiConsumer<Thread, Throwable> report) {
        UncaughtHandler h = new UncaughtHandler(live(Thread.getDefaultUncaughtExceptionHandler()), report);
        Thread.setDefaultUncaughtExceptionHandler(h);
        return h;
    }

    /**
     * Stops reporting. Puts the previous handler back when ours is still the default; when someone
     * installed another over ours since (a second client), ours stays in their chain as a
     * pass-through, and is skipped when they in turn uninstall or a later client installs.
     */
    public void uninstall() {
        report = null;
        if (Thread.getDefaultUncaughtExceptionHandler() == this) {
            Thread.setDefaultUncaughtExceptionHandler(live(previous));
        }
    }

    /** {@code h} without the retired Telltale handlers at its head. */
    private static Thread.UncaughtExceptionHandler live(Thread.UncaughtExceptionHandler h) {
        while (h instanceof UncaughtHandler && ((UncaughtHandler) h).report == null) {
            h = ((UncaughtHandler) h).previous;
        }
        return h;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        BiConsumer<Thread, Throwable> r = report;
        if (r != null) {
            try {
                r.accept(t, e);
            } catch (Throwable ignored) {
                // reporting must never change what happens to the application's exception
            }
        }
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else if (!"java.lang.ThreadDeath".equals(e.getClass().getName())) {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
