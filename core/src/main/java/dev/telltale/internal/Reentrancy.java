package dev.telltale.internal;

/**
 * Marks the current thread as running Telltale code. A capture or breadcrumb that arrives while
 * the mark is set (our own diagnostics routed back through a logger, a destination that logs) is
 * dropped and counted instead of looping. The sender threads carry the mark for their whole life.
 */
public final class Reentrancy {
    /*
     * A plain ThreadLocal holding an int[]: what stays in a pooled thread's map after an
     * application is undeployed is a JDK key and a JDK value, so it cannot pin our class loader
     * (an anonymous ThreadLocal subclass would be our class, and containers report it as a leak).
     * A thread that only checks the mark never gets a counter.
     */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    private Reentrancy() {
    }

    public static boolean active() {
        int[] d = DEPTH.get();
        return d != null && d[0] > 0;
    }

    public static void enter() {
        int[] d = DEPTH.get();
        if (d == null) {
            d = new int[1];
            DEPTH.set(d);
        }
        d[0]++;
    }

    public static void exit() {
        int[] d = DEPTH.get();
        if (d != null && d[0] > 0) {
            d[0]--;
        }
    }

    /** Removes this thread's counter (a pooled thread that should keep nothing of ours). */
    public static void clear() {
        DEPTH.remove();
    }
}
