package dev.telltale.internal.delivery;

import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Where a lane's payloads wait when they cannot wait in memory: one file per payload, named
 * {@code <seq:19 digits>-<category>-<id>.tlo} so that names sorted are the send order. Either the
 * durable {@link DiskOutbox}, or {@link #none()} when there is no usable directory (as sentry-java's
 * {@code NoOpEnvelopeCache}): it keeps nothing, so a lane keeps its backlog in memory while there is
 * room, without asking whether it has an outbox.
 */
abstract class Outbox {
    /** Told about files that leave the outbox without being sent. */
    interface Listener {
        void evicted(String laneId);

        void corrupt(String laneId);
    }

    static final String SUFFIX = ".tlo";
    static final String CORRUPT_DIR = Quarantine.DIR;
    static final int MAX_CORRUPT_KEPT = Quarantine.MAX_KEPT;

    private long lastSeq;

    /**
     * Opens (creating) the outbox. An unusable directory yields one diagnostic and {@link #none()}:
     * the pipeline then keeps undelivered events in memory only.
     */
    static Outbox open(Path root, int maxFiles, long maxBytes, Diagnostics diagnostics) {
        if (root == null) {
            diagnostics.warn("no outbox directory; undelivered events are kept in memory only");
            return none();
        }
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            diagnostics.warn("outbox directory '" + root + "' is not writable ("
                    + e.getClass().getSimpleName() + "); undelivered events are kept in memory only");
            return none();
        }
        DiskOutbox o = new DiskOutbox(root, maxFiles, maxBytes, diagnostics);
        o.scanAll();
        return o;
    }

    /** An outbox that keeps nothing: {@link #write} stores nothing and returns null. */
    static Outbox none() {
        return new NoOutbox();
    }

    /** A send-order number: epoch microseconds, strictly increasing within this process. */
    final synchronized long nextSeq() {
        long now = System.currentTimeMillis() * 1000L;
        lastSeq = Math.max(now, lastSeq + 1);
        return lastSeq;
    }

    static long seqOf(String name) {
        try {
            return Long.parseLong(name.substring(0, 19));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String categoryOf(String name) {
        int a = name.indexOf('-');
        int b = a < 0 ? -1 : name.indexOf('-', a + 1);
        return b < 0 ? "" : name.substring(a + 1, b);
    }

    private static String safe(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String fileName(long seq, Payload p) {
        String id = safe(p.eventId(), 40);
        if (id.isEmpty()) {
            id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        }
        return String.format(Locale.ROOT, "%019d", seq) + "-" + categoryKey(p.category()) + "-" + id + SUFFIX;
    }

    /** A category as a file name carries it (what {@link #categoryOf} reads back). */
    static String categoryKey(String category) {
        String cat = safe(category, 24);
        return cat.isEmpty() ? "x" : cat;
    }

    static void trimCorrupt(Path corrupt) throws IOException {
        Quarantine.trim(corrupt);
    }

    /** Whether payloads written here survive the process (false for {@link #none()}). */
    abstract boolean usable();

    abstract void listener(Listener l);

    final String write(String laneId, long seq, Payload p, boolean sync) throws IOException {
        return write(laneId, seq, p, sync, false);
    }

    /**
     * Writes one payload atomically and indexes it; may evict the oldest files to stay within the
     * caps. With {@code sync} the data reaches the device before the rename (the fatal path); with
     * {@code busy} the file is marked busy (not evictable) before the caps are enforced, for a payload
     * whose request is still in flight.
     *
     * @return the file name, or null when this outbox keeps nothing ({@link #none()})
     * @throws IOException when the write failed
     */
    abstract String write(String laneId, long seq, Payload p, boolean sync, boolean busy) throws IOException;

    abstract int count(String laneId);

    abstract boolean contains(String laneId, String name);

    /** The size of a known file in bytes (0 when unknown): what a batch of files will weigh. */
    abstract long sizeOf(String laneId, String name);

    /** The oldest file of the lane that {@code allowed} accepts (by file name), or null. */
    abstract String first(String laneId, Predicate<String> allowed);

    /** Marks a known file busy (not evictable). @return false when it is no longer in the index */
    abstract boolean reserve(String laneId, String name);

    abstract void busy(String laneId, String name, boolean on);

    abstract boolean isBusy(String laneId, String name);

    /** Deletes a file that was sent (or dropped) and forgets it. */
    abstract void remove(String laneId, String name);

    /** Forgets a file without touching the disk (another process took it). */
    abstract void forget(String laneId, String name);

    /** Moves an unreadable file aside (keeping the newest few) and forgets it. */
    abstract void moveAside(String laneId, String name, String why);

    /**
     * Claims one file for sending (see {@link OutboxClaim}).
     *
     * @return the claim, or null when another process or client is sending this file right now
     * @throws NoSuchFileException when the file is gone (sent or evicted elsewhere)
     */
    abstract OutboxClaim claim(String laneId, String name) throws NoSuchFileException;

    /** Re-reads the lane's directory: picks up files other processes wrote, forgets files they sent. */
    abstract void rescan(String laneId);

    /** The outbox of a process without a usable directory. */
    private static final class NoOutbox extends Outbox {
        @Override
        boolean usable() {
            return false;
        }

        @Override
        void listener(Listener l) {}

        @Override
        String write(String laneId, long seq, Payload p, boolean sync, boolean busy) {
            return null;
        }

        @Override
        int count(String laneId) {
            return 0;
        }

        @Override
        boolean contains(String laneId, String name) {
            return false;
        }

        @Override
        long sizeOf(String laneId, String name) {
            return 0;
        }

        @Override
        String first(String laneId, Predicate<String> allowed) {
            return null;
        }

        @Override
        boolean reserve(String laneId, String name) {
            return false;
        }

        @Override
        void busy(String laneId, String name, boolean on) {}

        @Override
        boolean isBusy(String laneId, String name) {
            return false;
        }

        @Override
        void remove(String laneId, String name) {}

        @Override
        void forget(String laneId, String name) {}

        @Override
        void moveAside(String laneId, String name, String why) {}

        @Override
        OutboxClaim claim(String laneId, String name) throws NoSuchFileException {
            throw new NoSuchFileException(name);
        }

        @Override
        void rescan(String laneId) {}
    }
}
