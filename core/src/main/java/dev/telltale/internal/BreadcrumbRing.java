package dev.telltale.internal;

import dev.telltale.Breadcrumb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-size ring of the most recent breadcrumbs. Adding is one atomic increment and one plain
 * array store: no lock, no fence, no allocation. A breadcrumb's fields are final, so a reader on
 * another thread that sees it in a slot sees it whole; at worst it sees a slot's previous content,
 * as it would anyway for a slot claimed but not yet written. The slot array is the capacity rounded up to a power of two (a mask
 * instead of a division); readers take only the newest {@code capacity} slots, so never more than
 * {@code capacity} entries are handed out and at most twice that many are held.
 */
public final class BreadcrumbRing {
    private static final Breadcrumb[] NONE = new Breadcrumb[0];
    private static final Comparator<Breadcrumb> BY_SEQUENCE = (a, b) -> Long.compare(a.sequence(), b.sequence());

    private final Breadcrumb[] slots;
    private final int capacity;
    private final int mask;
    private final AtomicLong next = new AtomicLong();

    public BreadcrumbRing(int capacity) {
        this.capacity = Math.max(0, capacity);
        int size = this.capacity <= 1 ? 1 : Integer.highestOneBit(this.capacity - 1) << 1;
        this.slots = new Breadcrumb[size];
        this.mask = size - 1;
    }

    public int capacity() {
        return capacity;
    }

    public void add(Breadcrumb b) {
        if (capacity == 0 || b == null) {
            return;
        }
        long i = next.getAndIncrement();
        slots[(int) i & mask] = b;
    }

    /** A raw copy of the newest slots, cheap enough for the caller's thread; order it with {@link #ordered}. */
    public Breadcrumb[] copy() {
        long end = next.get();
        if (end == 0 || capacity == 0) {
            return NONE;
        }
        int n = (int) Math.min(end, capacity);
        Breadcrumb[] out = new Breadcrumb[n];
        long from = end - n;
        for (int k = 0; k < n; k++) {
            out[k] = slots[(int) (from + k) & mask];
        }
        return out;
    }

    /**
     * An independent ring holding what this one holds, slot for slot, and overwriting next where
     * this one would: for a scope handed to another thread. No sorting, no list, on the caller's thread.
     */
    public BreadcrumbRing fork() {
        BreadcrumbRing copy = new BreadcrumbRing(capacity);
        long end = next.get();
        int n = (int) Math.min(end, capacity);
        for (long i = end - n; i < end; i++) {
            copy.slots[(int) i & mask] = slots[(int) i & mask];
        }
        copy.next.set(end);
        return copy;
    }

    public void clear() {
        Arrays.fill(slots, null);
    }

    /** Oldest first, without holes, at most {@code max} (the newest kept). */
    public static List<Breadcrumb> ordered(Breadcrumb[] raw, int max) {
        Breadcrumb[] copy = Arrays.copyOf(raw, raw.length);
        int n = 0;
        for (Breadcrumb b : copy) {
            if (b != null) {
                copy[n++] = b;
            }
        }
        Arrays.sort(copy, 0, n, BY_SEQUENCE);
        int from = Math.max(0, n - max);
        List<Breadcrumb> out = new ArrayList<>(n - from);
        for (int i = from; i < n; i++) {
            out.add(copy[i]);
        }
        return out;
    }
}
