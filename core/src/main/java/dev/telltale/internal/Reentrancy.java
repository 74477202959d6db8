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
     *
     * The same array carries a second per-thread fact, so that the breadcrumb path needs one
     * thread-local lookup, not two: [0] the depth of the mark, [1] 1 once any client has made a
     * scope current on this thread (sticky). A thread without it is on every client's global scope.
     */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    /** {@link #breadcrumbState()}: inside Telltale code, drop the breadcrumb. */
    public static final int REENTRANT = -1;
    /** {@link #breadcrumbState()}: no scope was ever made current here; the global scope applies. */
    public static final int UNSCOPED = 0;
    /** {@link #breadcrumbState()}: a scope may be current here; ask the client's scope storage. */
    public static final int SCOPED = 1;

    private Reentrancy() {}

    public static boolean active() {
        int[] d = DEPTH.get();
        return d != null && d[0] > 0;
    }

    /** The mark and the scope flag in one lookup: {@link #REENTRANT}, {@link #UNSCOPED} or {@link #SCOPED}. */
    public static int breadcrumbState() {
        int[] d = DEPTH.get();
        if (d == null) {
            return UNSCOPED;
        }
        return d[0] > 0 ? REENTRANT : d[1];
    }

    /** Notes that a scope is made current on this thread (kept for the thread's life). */
    public static void markScoped() {
        state()[1] = SCOPED;
    }

    public static void enter() {
        state()[0]++;
    }

    private static int[] state() {
        int[] d = DEPTH.get();
        if (d == null) {
            d = new int[2];
            DEPTH.set(d);
        }
        return d;
    }

    public static void exit() {
        int[] d = DEPTH.get();
        if (d != null && d[0] > 0) {
            d[0]--;
        }
    }
}
