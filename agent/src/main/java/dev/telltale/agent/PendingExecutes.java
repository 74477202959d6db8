package dev.telltale.agent;

import dev.telltale.Scope;
import dev.telltale.agent.bootstrap.TelltaleBridge;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The scope each plain runnable was submitted in, until a pool worker runs it. Keyed by identity
 * (a runnable may override equals) and weakly (a task that never runs, rejected or drained by
 * {@code shutdownNow}, must not be kept). Only tasks submitted inside a scope of their own get here.
 */
final class PendingExecutes {
    static final int MAX = 10_000;

    private final Map<Key, Scope> scopes = new HashMap<>();
    private final ReferenceQueue<Runnable> collected = new ReferenceQueue<>();

    private static final class Key extends WeakReference<Runnable> {
        private final int hash;

        Key(Runnable task, ReferenceQueue<Runnable> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key)) {
                return false;
            }
            Runnable mine = get();
            return mine != null && mine == ((Key) o).get();
        }
    }

    synchronized void put(Runnable task, Scope scope) {
        for (Object k; (k = collected.poll()) != null; ) {
            scopes.remove(k);
        }
        if (scopes.size() < MAX) {
            scopes.put(new Key(task, collected), scope);
        }
        TelltaleBridge.pendingExecutes = scopes.size();
    }

    synchronized Scope take(Runnable task) {
        if (scopes.isEmpty()) {
            return null;
        }
        Key probe = new Key(task, null);
        Scope s = scopes.remove(probe);
        probe.clear();
        TelltaleBridge.pendingExecutes = scopes.size();
        return s;
    }
}
