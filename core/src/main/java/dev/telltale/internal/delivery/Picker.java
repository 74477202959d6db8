package dev.telltale.internal.delivery;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Chooses what a lane sends next: its oldest sendable payload by sequence number, from memory or from
 * its outbox directory alike, so order holds across an outage and across processes. Skips what is in
 * flight, categories under a rate limit and files another process is sending; when nothing may go,
 * says how long to wait (backoff, the next limit's end, a busy file, the next rescan). Time is passed
 * in, so it is tested on fake time. Not thread-safe: called under the lane's monitor.
 */
final class Picker {
    /** The choice: a memory entry, an outbox file, a rescan of the directory, or a wait. */
    static final class Pick {
        final Backlog.Entry entry;
        final String file;
        final boolean rescan;
        /** Nanoseconds to wait before asking again; 0 unless nothing else is set. */
        final long waitNanos;

        private Pick(Backlog.Entry entry, String file, boolean rescan, long waitNanos) {
            this.entry = entry;
            this.file = file;
            this.rescan = rescan;
            this.waitNanos = waitNanos;
        }
    }

    private final String laneId;
    private final Outbox outbox;
    private final RetryPolicy retry;
    private final long rescanNanos;
    /** Files another process (or client) is sending: skipped until the given time. */
    private final Map<String, Long> busyElsewhere = new HashMap<>();

    private long lastScan;

    Picker(String laneId, Outbox outbox, RetryPolicy retry, long rescanNanos, long now) {
        this.laneId = laneId;
        this.outbox = outbox;
        this.retry = retry;
        this.rescanNanos = rescanNanos;
        this.lastScan = now;
    }

    /** Leaves {@code file} alone until {@code until}: another process or client holds it. */
    void busyElsewhere(String file, long until) {
        busyElsewhere.put(file, until);
    }

    /** The next thing to do at {@code now}; {@code inFlight} holds the entries already being sent. */
    Pick next(Backlog backlog, Set<Object> inFlight, long now) {
        long backoff = retry.backoffLeft(now);
        if (backoff > 0) {
            return new Pick(null, null, false, backoff);
        }
        for (Iterator<Long> it = busyElsewhere.values().iterator(); it.hasNext(); ) {
            if (it.next() - now <= 0) {
                it.remove();
            }
        }
        Backlog.Entry mem = null;
        for (Backlog.Entry e : backlog) {
            if (!inFlight.contains(e) && !retry.blocked(e.payload.category(), now)) {
                mem = e;
                break;
            }
        }
        String file = outbox.first(
                laneId,
                n -> !busyElsewhere.containsKey(n)
                        && !inFlight.contains(n)
                        && !outbox.isBusy(laneId, n)
                        && !retry.blocked(Outbox.categoryOf(n), now));
        if (file != null && mem != null) {
            if (Outbox.seqOf(file) < mem.seq) {
                mem = null;
            } else {
                file = null;
            }
        }
        if (mem != null || file != null) {
            return new Pick(mem, file, false, 0);
        }
        long next = rescanNanos;
        long limitEnd = retry.nanosUntilNextLimitEnds(now);
        if (limitEnd >= 0) {
            next = Math.min(next, limitEnd);
        }
        for (Long until : busyElsewhere.values()) {
            next = Math.min(next, until - now);
        }
        if (limitEnd < 0
                && busyElsewhere.isEmpty()
                && backlog.isEmpty()
                && inFlight.isEmpty()
                && now - lastScan >= rescanNanos) {
            lastScan = now;
            return new Pick(null, null, true, 0);
        }
        return new Pick(null, null, false, Math.max(1, next));
    }
}
