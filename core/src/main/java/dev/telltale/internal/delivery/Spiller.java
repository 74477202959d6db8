package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.util.Set;

/**
 * Moves a lane's memory to its outbox, keeping each payload's sequence number: when the backend is
 * in trouble (its events belong on disk) and when the lane stops (for the next start). An entry whose
 * request is still in flight is written busy, so eviction cannot take it (and count it dropped) while
 * the request may still succeed. With {@link Outbox#none()} nothing moves: memory is all there is.
 * Called under the lane's monitor.
 */
final class Spiller {
    private final String laneId;
    private final String name;
    private final Outbox outbox;
    private final Accounting.Counters stats;
    private final Diagnostics diagnostics;

    Spiller(String laneId, String name, Outbox outbox, Accounting.Counters stats, Diagnostics diagnostics) {
        this.laneId = laneId;
        this.name = name;
        this.outbox = outbox;
        this.stats = stats;
        this.diagnostics = diagnostics;
    }

    /** Moves what waits in memory to the outbox, oldest first; stops at the first write that fails (or keeps nothing). */
    void spill(Backlog backlog, Set<Object> inFlight) {
        while (!backlog.isEmpty()) {
            Backlog.Entry e = backlog.peekFirst();
            if (e.file == null) {
                try {
                    e.file = outbox.write(laneId, e.seq, e.payload, false, inFlight.contains(e));
                } catch (IOException | RuntimeException ex) {
                    diagnostics.warnOnce(
                            "outbox-write-" + laneId,
                            name + ": could not write to the outbox ("
                                    + ex.getClass().getSimpleName() + "); keeping events in memory");
                    return;
                }
                if (e.file == null) {
                    return; // no outbox
                }
                stats.spooled.increment();
            }
            backlog.removeFirst();
            e.event = null;
        }
    }

    /**
     * The lane stops: every entry goes to the outbox, or is counted as dropped when it cannot (an
     * entry in flight is left to its request's outcome). Leaves the backlog empty.
     */
    void spillAtStop(Backlog backlog, Set<Object> inFlight) {
        for (Backlog.Entry e : backlog) {
            if (e.file != null) {
                continue;
            }
            boolean sending = inFlight.contains(e);
            try {
                e.file = outbox.write(laneId, e.seq, e.payload, false, sending);
            } catch (IOException | RuntimeException ex) {
                e.file = null;
            }
            if (e.file != null) {
                stats.spooled.increment();
            } else if (!sending) {
                stats.dropped(DropReason.DISABLED);
            }
        }
        backlog.clear();
    }
}
