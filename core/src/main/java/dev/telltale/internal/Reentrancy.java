package dev.telltale.internal;

/**
 * Marks the current thread as running Telltale code. A capture or breadcrumb that arrives while
 * the mark is set (our own diagnostics routed back through a logger, a destination that logs) is
 * dropped and counted instead of looping. The sender threads carry the mark for their whole life.
 */
public final class Reentrancy {
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    private Reentrancy() {
    }

    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    public static void enter() {
        DEPTH.get()[0]++;
    }

    public static void exit() {
        int[] d = DEPTH.get();
        if (d[0] > 0) {
            d[0]--;
        }
    }

    /** Removes the thread-local value (pooled threads of a container being undeployed). */
    public static void clear() {
        DEPTH.remove();
    }
}
