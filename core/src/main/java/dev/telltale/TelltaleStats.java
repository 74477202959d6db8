package dev.telltale;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A snapshot of what a client did with the events it was given. Immutable. */
public final class TelltaleStats {
    private final long captured;
    private final Map<DropReason, Long> dropped;
    private final long queued;
    private final List<DestinationStats> destinations;

    public TelltaleStats(long captured, Map<DropReason, Long> dropped, List<DestinationStats> destinations) {
        this(captured, dropped, 0, destinations);
    }

    public TelltaleStats(
            long captured, Map<DropReason, Long> dropped, long queued, List<DestinationStats> destinations) {
        this.captured = captured;
        this.queued = queued;
        this.dropped = Collections.unmodifiableMap(new EnumMap<>(withAll(dropped)));
        this.destinations = Collections.unmodifiableList(destinations);
    }

    static Map<DropReason, Long> withAll(Map<DropReason, Long> m) {
        EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            Long v = m == null ? null : m.get(r);
            out.put(r, v == null ? 0L : v);
        }
        return out;
    }

    /** Capture calls accepted by the client (before sampling, dedup and the rest). */
    public long captured() {
        return captured;
    }

    /**
     * Events accepted but not yet handed to any destination (in the client's queue or being built).
     * For every destination, {@code captured = dropped (all reasons) + queued + sent + dropped there + pending there},
     * give or take the events an update is moving between two buckets while the snapshot is taken.
     */
    public long queued() {
        return queued;
    }

    /** Events dropped before reaching any destination, by reason. */
    public Map<DropReason, Long> dropped() {
        return dropped;
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    public List<DestinationStats> destinations() {
        return destinations;
    }

    /** The statistics of the destination with this name, or null. */
    public DestinationStats destination(String name) {
        for (DestinationStats d : destinations) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("captured=").append(captured);
        if (queued > 0) {
            b.append(", queued=").append(queued);
        }
        for (Map.Entry<DropReason, Long> e : dropped.entrySet()) {
            if (e.getValue() > 0) {
                b.append(", dropped.")
                        .append(e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                        .append('=')
                        .append(e.getValue());
            }
        }
        for (DestinationStats d : destinations) {
            b.append("; ").append(d);
        }
        return b.toString();
    }

    /** What happened at one destination. */
    public static final class DestinationStats {
        private final String name;
        private final long sent;
        private final long retried;
        private final long spooled;
        private final long pending;
        private final Map<DropReason, Long> dropped;

        public DestinationStats(
                String name, long sent, long retried, long spooled, long pending, Map<DropReason, Long> dropped) {
            this.name = name;
            this.sent = sent;
            this.retried = retried;
            this.spooled = spooled;
            this.pending = pending;
            this.dropped = Collections.unmodifiableMap(new EnumMap<>(withAll(dropped)));
        }

        public String name() {
            return name;
        }

        /** Payloads the backend accepted. */
        public long sent() {
            return sent;
        }

        /** Attempts that failed transiently and were scheduled again. */
        public long retried() {
            return retried;
        }

        /** Payloads written to the outbox. */
        public long spooled() {
            return spooled;
        }

        /** Payloads waiting (in memory or in the outbox) right now. */
        public long pending() {
            return pending;
        }

        public Map<DropReason, Long> dropped() {
            return dropped;
        }

        public long dropped(DropReason reason) {
            return dropped.get(reason);
        }

        public long droppedTotal() {
            long n = 0;
            for (long v : dropped.values()) {
                n += v;
            }
            return n;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(name)
                    .append(": sent=")
                    .append(sent)
                    .append(", retried=")
                    .append(retried)
                    .append(", spooled=")
                    .append(spooled)
                    .append(", pending=")
                    .append(pending);
            for (Map.Entry<DropReason, Long> e : dropped.entrySet()) {
                if (e.getValue() > 0) {
                    b.append(", dropped.")
                            .append(e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                            .append('=')
                            .append(e.getValue());
                }
            }
            return b.toString();
        }
    }
}
