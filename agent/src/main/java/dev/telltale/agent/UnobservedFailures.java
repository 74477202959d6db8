package dev.telltale.agent;

import dev.telltale.Capture;
import dev.telltale.Scope;
import dev.telltale.ScopeHandle;
import dev.telltale.TelltaleClient;
import dev.telltale.agent.bootstrap.TelltaleBridge;
import dev.telltale.integration.Diagnostics;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Futures that failed and that nobody has looked at yet. A failure is reported when its future is
 * garbage-collected unobserved (nobody can look any more), or at JVM shutdown if still unobserved.
 * The future itself is only weakly held; the list is bounded, and failures are rare, so a linear
 * scan on observation is cheaper than any weak identity map.
 */
final class UnobservedFailures {
    static final int MAX_PENDING = 1000;

    private final TelltaleClient client;
    private final Diagnostics diagnostics;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final List<Entry> pending = new ArrayList<>();
    private Thread reaper;

    UnobservedFailures(TelltaleClient client, Diagnostics diagnostics) {
        this.client = client;
        this.diagnostics = diagnostics;
    }

    private static final class Entry extends WeakReference<Object> {
        final Throwable error;
        final Scope scope;
        final String thread;
        final String mechanism;
        final long timestamp = System.currentTimeMillis();

        Entry(
                Object future,
                ReferenceQueue<Object> queue,
                Throwable error,
                Scope scope,
                String thread,
                String mechanism) {
            super(future, queue);
            this.error = error;
            this.scope = scope;
            this.thread = thread;
            this.mechanism = mechanism;
        }
    }

    void failed(Object future, Throwable error, Scope scope, String thread, String mechanism) {
        synchronized (pending) {
            for (Entry e : pending) {
                if (e.get() == future) {
                    return; // the first failure of a future is its outcome
                }
            }
            if (pending.size() >= MAX_PENDING) {
                diagnostics.warnOnce(
                        "unobserved-full",
                        "more than " + MAX_PENDING
                                + " failed futures wait to be observed; further ones are not tracked (reported once)");
                return;
            }
            pending.add(new Entry(future, queue, error, scope, thread, mechanism));
            TelltaleBridge.pendingFailures = pending.size();
            if (reaper == null) {
                startReaper();
            }
        }
    }

    void observed(Object future) {
        synchronized (pending) {
            for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.get() == future) {
                    it.remove();
                    e.clear();
                    break;
                }
            }
            TelltaleBridge.pendingFailures = pending.size();
        }
    }

    /** At shutdown: whatever nobody observed by now, nobody will. */
    void reportAll() {
        List<Entry> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
            pending.clear();
            TelltaleBridge.pendingFailures = 0;
        }
        for (Entry e : all) {
            report(e);
        }
    }

    private void startReaper() {
        Thread t = new Thread(
                new Runnable() {
                    @Override
                    public void run() {
                        reap();
                    }
                },
                "telltale-unobserved");
        t.setDaemon(true);
        t.start();
        reaper = t;
    }

    private void reap() {
        while (true) {
            Entry e;
            try {
                e = (Entry) queue.remove();
            } catch (InterruptedException stop) {
                return;
            }
            boolean stillPending;
            synchronized (pending) {
                stillPending = pending.remove(e);
                TelltaleBridge.pendingFailures = pending.size();
            }
            if (stillPending) {
                report(e);
            }
        }
    }

    private void report(Entry e) {
        Throwable t = e.error;
        // The wrapper says nothing: report what the task threw.
        if ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        Capture c = Capture.exception(t)
                .mechanism(e.mechanism, false)
                .threadName(e.thread)
                .timestamp(e.timestamp);
        if (e.scope != null) {
            ScopeHandle activation = client.activate(e.scope);
            try {
                client.capture(c);
            } finally {
                activation.close();
            }
        } else {
            client.capture(c);
        }
    }
}
