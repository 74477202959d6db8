package dev.telltale.processing;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.TelltaleStats;
import dev.telltale.config.Settings;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which events go out during an error storm: the first few of each distinct error rather than a
 * thousand copies of one.
 *
 * <p>A storm is on while events are being lost to capacity (counted {@code QUEUE_OVERFLOW},
 * {@code OUTBOX_FULL} or {@code RATE_LIMITED}) and for one window after the last such loss. During
 * a storm, per group (the event's fingerprint, Telltale's own when it has none) the first
 * {@code storm-per-group} events of each {@code storm-window-ms} pass; later copies are dropped,
 * counted {@link DropReason#STORM_DUPLICATE}, and the next event of that group that passes carries
 * their number in its {@code telltale.suppressed} tag. Outside a storm every event passes: a
 * pipeline that keeps up loses nothing to this policy. Fatal events always pass.
 *
 * <p>Bounded: a fixed table of {@link #SLOTS} groups (two-way, by a 64-bit hash of the
 * fingerprint); a group pushed out by others starts afresh (its pending count is lost, its drops
 * stay counted). Runs on the thread that builds events, after grouping and before
 * {@code beforeSend}, so a dropped copy costs no encoding and no delivery.
 */
public final class StormPolicy {
    /** Tag that carries how many copies of this group were dropped since the last one sent. */
    public static final String SUPPRESSED_TAG = "telltale.suppressed";

    static final int SLOTS = 1024;
    /** How often the loss counters are read (reading them takes a statistics snapshot). */
    private static final long CHECK_MILLIS = 50;

    private final int perGroup;
    private final long windowMillis;
    private final LongSupplier clock;
    private volatile LongSupplier losses = () -> 0;

    private final long[] keys = new long[SLOTS];
    private final long[] windowStart = new long[SLOTS];
    private final int[] passed = new int[SLOTS];
    private final long[] suppressed = new long[SLOTS];
    private int used;
    private long lastCheck = Long.MIN_VALUE / 2;
    private long lastLosses;
    private long stormUntil = Long.MIN_VALUE;

    public StormPolicy(Settings settings) {
        this(settings.stormPerGroup(), settings.stormWindowMillis(), System::currentTimeMillis);
    }

    StormPolicy(int perGroup, long windowMillis, LongSupplier clockMillis) {
        this.perGroup = perGroup;
        this.windowMillis = windowMillis;
        this.clock = clockMillis;
    }

    /** Where losses to capacity are read: a counter that only grows. */
    public void losses(LongSupplier counter) {
        this.losses = counter == null ? () -> 0 : counter;
    }

    /** The capacity losses in a client's statistics, client-wide and at every destination. */
    public static LongSupplier capacityLosses(Supplier<TelltaleStats> stats) {
        return () -> {
            TelltaleStats s = stats.get();
            long n = s.dropped(DropReason.QUEUE_OVERFLOW)
                    + s.dropped(DropReason.OUTBOX_FULL)
                    + s.dropped(DropReason.RATE_LIMITED);
            for (TelltaleStats.DestinationStats d : s.destinations()) {
                n += d.dropped(DropReason.QUEUE_OVERFLOW)
                        + d.dropped(DropReason.OUTBOX_FULL)
                        + d.dropped(DropReason.RATE_LIMITED);
            }
            return n;
        };
    }

    public boolean enabled() {
        return perGroup > 0;
    }

    /** @return the event (with a {@code telltale.suppressed} tag when copies were dropped), or null to drop it */
    public synchronized Event apply(Event event) {
        if (perGroup <= 0 || event.level() == Level.FATAL) {
            return event;
        }
        long now = clock.getAsLong();
        boolean storm = inStorm(now);
        if (!storm && used == 0) {
            return event;
        }
        long key = key(event);
        int slot = find(key, storm, now);
        if (slot < 0) {
            return event;
        }
        if (storm) {
            if (now - windowStart[slot] >= windowMillis) {
                windowStart[slot] = now;
                passed[slot] = 0;
            }
            if (passed[slot] >= perGroup) {
                suppressed[slot]++;
                return null;
            }
            passed[slot]++;
        }
        long n = suppressed[slot];
        if (n == 0) {
            return event;
        }
        suppressed[slot] = 0;
        return event.toBuilder().tag(SUPPRESSED_TAG, Long.toString(n)).build();
    }

    /** Groups held in the table (for tests: never more than {@link #SLOTS}). */
    synchronized int used() {
        return used;
    }

    private boolean inStorm(long now) {
        if (now - lastCheck >= CHECK_MILLIS || now < lastCheck) {
            lastCheck = now;
            long l = losses.getAsLong();
            if (l != lastLosses) {
                lastLosses = l;
                stormUntil = now + windowMillis;
            }
        }
        return now < stormUntil;
    }

    /** The group's slot; inserted (replacing the older of two) only when {@code insert}; -1 when absent. */
    private int find(long key, boolean insert, long now) {
        int a = (int) (key ^ (key >>> 32)) & (SLOTS - 1);
        int b = a ^ 1;
        if (keys[a] == key) {
            return a;
        }
        if (keys[b] == key) {
            return b;
        }
        if (!insert) {
            return -1;
        }
        int slot = keys[a] == 0 ? a : keys[b] == 0 ? b : windowStart[a] <= windowStart[b] ? a : b;
        if (keys[slot] == 0) {
            used++;
        }
        keys[slot] = key;
        windowStart[slot] = now;
        passed[slot] = 0;
        suppressed[slot] = 0;
        return slot;
    }

    /** A 64-bit FNV-1a hash of the fingerprint (never 0, the empty slot's mark). */
    static long key(Event event) {
        List<String> fp = event.fingerprint().isEmpty() ? Fingerprint.of(event) : event.fingerprint();
        long h = 0xcbf29ce484222325L;
        for (String part : fp) {
            for (int i = 0; i < part.length(); i++) {
                h = (h ^ part.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L; // separator: ["ab","c"] is not ["a","bc"]
        }
        return h == 0 ? 1 : h;
    }
}
