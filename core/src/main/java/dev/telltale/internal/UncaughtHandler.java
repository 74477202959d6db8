package dev.telltale.internal;

import java.util.function.BiConsumer;

/**
 * The JVM-wide handler of uncaught exceptions: reports, then does exactly what would have happened
 * without Telltale (the previous handler, or the JDK's own "Exception in thread" print).
 */
public final class UncaughtHandler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;
    private final BiConsumer<Thread, Throwable> report;

    private UncaughtHandler(Thread.UncaughtExceptionHandler previous, BiConsumer<Thread, Throwable> report) {
        this.previous = previous;
        this.report = report;
    }

    public static UncaughtHandler install(BiConsumer<Thread, Throwable> report) {
        UncaughtHandler h = new UncaughtHandler(Thread.getDefaultUncaughtExceptionHandler(), report);
        Thread.setDefaultUncaughtExceptionHandler(h);
        return h;
    }

    /** Puts the previous handler back, unless someone installed another over ours since. */
    public void uninstall() {
        if (Thread.getDefaultUncaughtExceptionHandler() == this) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        try {
            report.accept(t, e);
        } catch (Throwable ignored) {
            // reporting must never change what happens to the application's exception
        }
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else if (!"java.lang.ThreadDeath".equals(e.getClass().getName())) {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
