package dev.telltale.processing;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Recognises a throwable captured twice (logged, then also thrown uncaught; or wrapped and
 * captured again; or captured wrapped and then logged unwrapped, as a container logs the root
 * cause of a {@code ServletException} the servlet filter reported already): when the throwable or
 * any of its causes belongs to the cause chain of a throwable captured before, the new capture is
 * a duplicate. Every throwable of a captured chain is remembered, weakly and boundedly, so it never
 * keeps one alive.
 *
 * <p>Throwables are compared by identity, never by {@code equals}/{@code hashCode}: an exception
 * class may override them (a Kotlin data class, a Scala case class), to say that two distinct
 * failures are "equal", or to throw.
 */
public final class Deduplicator {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_REMEMBERED = 4_096;

    private final ReferenceQueue<Throwable> cleared = new ReferenceQueue<>();
    // Keys are WeakKey; lookups use the one Probe. Both guarded by this.
    private final Map<Object, Boolean> seen = new HashMap<>();
    private final Probe probe = new Probe();

    /**
     * @return true when {@code t} or one of its causes was part of a chain seen before; records the
     * chain of {@code t} (itself and its causes) either way
     */
    public boolean isDuplicate(Throwable t) {
        if (t == null) {
            return false;
        }
        // The depth bound also ends a cyclic cause chain; getCause() is the application's code: it
        // runs outside our lock. The chain is short (a handful): an array, no collection.
        Throwable[] chain = new Throwable[MAX_DEPTH];
        int n = 0;
        boolean duplicate = false;
        for (Throwable cur = t; cur != null && n < MAX_DEPTH; ) {
            chain[n++] = cur;
            if (!duplicate && contains(cur)) {
                duplicate = true;
            }
            Throwable next;
            try {
                next = cur.getCause();
            } catch (Throwable e) {
                next = null;
            }
            cur = next == cur ? null : next;
        }
        synchronized (this) {
            expunge();
            if (seen.size() + n > MAX_REMEMBERED) {
                seen.clear();
            }
            for (int i = 0; i < n; i++) {
                seen.put(new WeakKey(chain[i], cleared), Boolean.TRUE);
            }
        }
        return duplicate;
    }

    private synchronized boolean contains(Throwable t) {
        probe.target = t;
        try {
            return seen.containsKey(probe);
        } finally {
            probe.target = null;
        }
    }

    private void expunge() {
        for (Object k; (k = cleared.poll()) != null; ) {
            seen.remove(k);
        }
    }

    /** A weakly held throwable, equal only to the same instance. */
    private static final class WeakKey extends WeakReference<Throwable> {
        private final int hash;

        WeakKey(Throwable t, ReferenceQueue<Throwable> q) {
            super(t, q);
            this.hash = System.identityHashCode(t);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Throwable mine = get();
            return mine != null && o instanceof WeakKey && ((WeakKey) o).get() == mine;
        }
    }

    /** A lookup key that holds its throwable only for the duration of one lookup. */
    private static final class Probe {
        Throwable target;

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WeakKey && target != null && ((WeakKey) o).get() == target;
        }
    }
}
