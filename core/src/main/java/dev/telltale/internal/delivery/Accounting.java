package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.TelltaleStats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters for one client: captures and drops before queueing, and per destination. */
public final class Accounting {
    private final LongAdder captured = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = counters();
    private final Map<String, Counters> lanes = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Events accepted but not yet handed to any destination (queued or being built); read live. */
    private volatile LongSupplier queuedGauge = () -> 0;

    private static EnumMap<DropReason, LongAdder> counters() {
        EnumMap<DropReason, LongAdder> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            m.put(r, new LongAdder());
        }
        return m;
    }

    public void captured() {
        captured.increment();
    }

    /** A drop before any destination was involved. */
    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public void queuedGauge(LongSupplier gauge) {
        this.queuedGauge = gauge;
    }

    /** The counters of one destination (created on first use). */
    public Counters counters(String destinationName) {
        Counters l = lanes.get(destinationName);
        if (l == null) {
            Counters fresh = new Counters();
            l = lanes.putIfAbsent(destinationName, fresh);
            if (l == null) {
                l = fresh;
                order.add(destinationName);
            }
        }
        return l;
    }

    public TelltaleStats snapshot() {
        List<TelltaleStats.DestinationStats> ds = new ArrayList<>();
        for (String name : order) {
            Counters l = lanes.get(name);
            ds.add(new TelltaleStats.DestinationStats(
                    name, l.sent.sum(), l.retried.sum(), l.spooled.sum(), Math.max(0, l.pending()), sums(l.dropped)));
        }
        return new TelltaleStats(captured.sum(), sums(dropped), Math.max(0, queuedGauge.getAsLong()), ds);
    }

    private static Map<DropReason, Long> sums(EnumMap<DropReason, LongAdder> m) {
        EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (Map.Entry<DropReason, LongAdder> e : m.entrySet()) {
            out.put(e.getKey(), e.getValue().sum());
        }
        return out;
    }

    /** Counters of one destination (its lane's). */
    public static final class Counters {
        public final LongAdder sent = new LongAdder();
        public final LongAdder retried = new LongAdder();
        public final LongAdder spooled = new LongAdder();
        private final EnumMap<DropReason, LongAdder> dropped = counters();
        /** When set, the live number of payloads waiting (read from the lane itself, so it cannot drift). */
        private volatile LongSupplier pendingGauge;

        public void pendingGauge(LongSupplier gauge) {
            this.pendingGauge = gauge;
        }

        long pending() {
            LongSupplier g = pendingGauge;
            return g != null ? g.getAsLong() : 0;
        }

        public void dropped(DropReason reason) {
            dropped.get(reason).increment();
        }

        long droppedFor(DropReason reason) {
            return dropped.get(reason).sum();
        }
    }
}
