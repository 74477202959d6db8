package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import dev.telltale.processing.SizeLimiter;
import java.io.IOException;

/**
 * Encodes events for one destination: shrinking until the payload fits its size limit, and once
 * more, as hard as it goes, when the server answers 413. One encode at a time per destination (a
 * destination's encoder need not be thread-safe).
 */
final class LaneEncoder {
    private final Destination destination;
    private final Accounting.Counters stats;
    private final Diagnostics diagnostics;
    private final Object lock = new Object();

    LaneEncoder(Destination destination, Accounting.Counters stats, Diagnostics diagnostics) {
        this.destination = destination;
        this.stats = stats;
        this.diagnostics = diagnostics;
    }

    /** Encodes for this destination, shrinking until it fits; null (counted) when impossible. */
    Payload encode(Event event) {
        try {
            synchronized (lock) {
                Payload p = destination.encode(event);
                for (int step = 1; p.size() > destination.maxPayloadBytes() && step <= SizeLimiter.STEPS; step++) {
                    p = destination.encode(SizeLimiter.shrink(event, step));
                }
                if (p.size() > destination.maxPayloadBytes()) {
                    stats.dropped(DropReason.TOO_LARGE);
                    diagnostics.warn(destination.name() + ": event " + event.eventId()
                            + " is too large even after shrinking; dropped");
                    return null;
                }
                return p;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            stats.dropped(DropReason.ENCODE_ERROR);
            diagnostics.warn(destination.name() + ": could not encode event " + event.eventId() + ": "
                    + e.getClass().getName());
            return null;
        }
    }

    /** The smallest encoding there is (the server refused the payload as too large); null when encoding fails. */
    Payload shrinkHard(Event event) {
        try {
            synchronized (lock) {
                return destination.encode(SizeLimiter.shrink(event, SizeLimiter.STEPS));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
