package dev.telltale.internal.delivery;

import dev.telltale.Event;
import dev.telltale.destination.Payload;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The payloads a lane keeps in memory, oldest first, bounded by count and bytes. Not thread-safe:
 * the lane guards it with its monitor; only {@link #count()} may be read without it.
 */
final class Backlog implements Iterable<Backlog.Entry> {
    /** A payload waiting in memory. */
    static final class Entry {
        final long seq;
        Payload payload;
        /** Kept while in memory so that a 413 can be answered by re-encoding smaller, once. */
        Event event;

        boolean shrunk;
        /** Set when the entry was also written to the outbox (spilled while in flight, or at close). */
        String file;

        Entry(long seq, Payload payload, Event event) {
            this.seq = seq;
            this.payload = payload;
            this.event = event;
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int maxCount;
    private final long maxBytes;
    private long bytes;
    /** entries.size(), readable without the monitor. */
    private volatile int count;

    Backlog(int maxCount, long maxBytes) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /** Whether adding {@code adding} more bytes (or one more entry) would go over a bound. */
    boolean full(long adding) {
        return entries.size() >= maxCount || bytes + adding > maxBytes;
    }

    /** Room for two payloads of the average size: payloads are alike, and the next one must fit. */
    boolean fullForAverage() {
        return full(entries.isEmpty() ? 0 : 2 * (bytes / entries.size()));
    }

    /** Adds at the end, over the bounds if the caller decided so (one fatal event). */
    void add(Entry e) {
        entries.addLast(e);
        bytes += e.payload.size();
        count = entries.size();
    }

    boolean remove(Entry e) {
        if (!entries.remove(e)) {
            return false;
        }
        bytes -= e.payload.size();
        count = entries.size();
        return true;
    }

    Entry peekFirst() {
        return entries.peekFirst();
    }

    void removeFirst() {
        remove(entries.peekFirst());
    }

    boolean contains(Entry e) {
        return entries.contains(e);
    }

    /** Replaces an entry's payload (a 413 re-encoded it smaller), keeping the byte count true. */
    void replace(Entry e, Payload smaller) {
        if (entries.contains(e)) {
            bytes += smaller.size() - e.payload.size();
        }
        e.payload = smaller;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The number of entries; safe without the monitor. */
    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        entries.clear();
        bytes = 0;
        count = 0;
    }

    @Override
    public Iterator<Entry> iterator() {
        return entries.iterator();
    }
}
