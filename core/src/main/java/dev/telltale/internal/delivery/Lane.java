package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One destination's delivery: its own sender thread(s), order, retry state and rate limits, so a slow
 * or failing backend never delays another. Payloads wait in memory ({@link Backlog}) while the backend
 * is healthy and the lane keeps up (a full memory makes the sender wait, see {@link #awaitRoom}); once
 * it fails, is rate-limited or stalls, they wait in the outbox on disk ({@link Spiller}). What goes
 * next is chosen by {@link Picker}, sent by a {@link LaneWorker}, and judged by {@link OutcomeHandler}
 * against the {@link RetryPolicy}. The lane's monitor guards all of this state.
 */
final class Lane {
    /** How often an idle lane looks for files other processes left in its outbox directory. */
    static final long RESCAN_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long to leave a file alone that another process (or client) is sending. */
    static final long LOCK_BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * How long the sender waits for room in a healthy lane whose memory is full before it counts the
     * lane as stalled and spills to the outbox instead: a destination that answers within this time
     * paces the sender (and so the queue), one that takes longer never holds the other lanes up more.
     */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * A request in flight for longer than this makes the lane stalled: what it holds in memory goes
     * to the outbox (and so does what arrives), so a process killed during an outage whose requests
     * hang loses nothing that waited this long (issue 18 item 1). Checked by {@link #spillIfStalled}.
     */
    static final long SPILL_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    final Destination destination;
    final String id;
    final Accounting.Counters stats;
    final Outbox outbox;
    final Diagnostics diagnostics;
    final LaneEncoder encoder;
    final long maxAgeMillis;
    /** Requests this lane may have in flight at once: one per worker thread, started as the backlog needs them. */
    private final int maxInFlight;

    private final Transport transport;
    private final Spiller spiller;

    // guarded by this
    final RetryPolicy retry;
    final Backlog backlog;
    final Picker picker;
    final OutcomeHandler outcomes;
    /** What is being sent (memory entries by identity, outbox files by name) and since when (nanoTime), oldest first. */
    final Map<Object, Long> inFlight = new LinkedHashMap<>();

    final Set<Object> inFlightKeys = Collections.unmodifiableSet(inFlight.keySet());
    boolean stopped;
    /** Payloads that left the lane (sent or dropped); set in {@link #stalledAt} when a wait for room timed out. */
    long progress;

    private long stalledAt = -1;
    private final List<Thread> threads = new ArrayList<>();

    Lane(
            Destination destination,
            Accounting.Counters stats,
            Outbox outbox,
            Diagnostics diagnostics,
            Transport transport,
            Backoff backoff,
            int maxCount,
            long maxBytes,
            long maxAgeMillis) {
        this(
                destination,
                stats,
                outbox,
                diagnostics,
                transport,
                backoff,
                maxCount,
                maxBytes,
                maxAgeMillis,
                RESCAN_NANOS,
                1);
    }

    Lane(
            Destination destination,
            Accounting.Counters stats,
            Outbox outbox,
            Diagnostics diagnostics,
            Transport transport,
            Backoff backoff,
            int maxCount,
            long maxBytes,
            long maxAgeMillis,
            long rescanNanos,
            int maxInFlight) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.destination = destination;
        this.id = laneId(destination.name());
        this.stats = stats;
        this.outbox = outbox;
        this.diagnostics = diagnostics;
        this.transport = transport;
        this.maxAgeMillis = maxAgeMillis;
        this.encoder = new LaneEncoder(destination, stats, diagnostics);
        this.retry = new RetryPolicy(backoff, maxAgeMillis, System::nanoTime);
        this.backlog = new Backlog(maxCount, maxBytes);
        this.picker = new Picker(id, outbox, retry, rescanNanos, System.nanoTime());
        this.outcomes = new OutcomeHandler(destination.name(), stats, retry, diagnostics, outbox.usable());
        this.spiller = new Spiller(id, destination.name(), outbox, stats, diagnostics);
    }

    /** A stable, secret-free directory name for a destination: the first 16 hex digits of SHA-256 of its name. */
    static String laneId(String destinationName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(destinationName.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return b.toString();
        } catch (Exception e) {
            return String.format("%016x", (long) destinationName.hashCode() & 0xffffffffL);
        }
    }

    synchronized void start() {
        if (threads.isEmpty() && !stopped) {
            addWorker();
        }
    }

    /** Holds the monitor. */
    private void addWorker() {
        String suffix = threads.isEmpty() ? "" : "#" + (threads.size() + 1);
        Thread t = new Thread(
                new LaneWorker(this, new LaneTransport(transport)),
                "telltale-sender[" + destination.name() + "]" + suffix);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> diagnostics.warn(destination.name() + ": sender failed: " + e));
        threads.add(t);
        t.start();
    }

    /**
     * How many requests may be in flight now: {@code max-in-flight} while the destination is healthy,
     * one while it is failing (one probe at a time, not a burst into an outage). Holds the monitor.
     */
    int allowedInFlight() {
        return retry.failing() ? 1 : maxInFlight;
    }

    /**
     * Called when a payload arrives and when a worker takes one: when more are waiting than are in
     * flight and the lane may send more at once, another worker starts (up to {@code max-in-flight}).
     * Only in a started lane. Idle workers stay until close. Holds the monitor.
     */
    void moreWorkersIfBehind() {
        if (!stopped
                && !threads.isEmpty()
                && threads.size() < allowedInFlight()
                && backlog.count() + outbox.count(id) > inFlight.size()) {
            try {
                addWorker();
            } catch (OutOfMemoryError | RuntimeException e) {
                diagnostics.warnOnce(
                        "lane-worker-" + id,
                        destination.name() + ": no more sender threads ("
                                + e.getClass().getSimpleName() + "); sending with " + threads.size());
            }
        }
    }

    /** The lane's sender threads, for close to join. */
    synchronized List<Thread> threads() {
        return new ArrayList<>(threads);
    }

    /**
     * Payloads waiting, in memory and in this lane's outbox directory. Lock-free on the lane: stats
     * and flush read it from application threads while the lane may be writing to disk.
     */
    long pending() {
        return backlog.count() + outbox.count(id);
    }

    /**
     * For close: nothing is in memory or on its way, and the lane will not try again before
     * {@code deadline} (backing off after failures, or rate-limited for everything), so what it has
     * waits in the outbox for the next start and waiting for it only spends the shutdown budget.
     */
    synchronized boolean parkedPast(long deadline) {
        return backlog.isEmpty() && inFlight.isEmpty() && retry.parkedPast(deadline, System.nanoTime());
    }

    Payload encode(Event event) {
        return encoder.encode(event);
    }

    /**
     * Takes a payload; never blocks on the network. Goes to memory when the lane is healthy and has
     * room, else to the outbox (or, when the outbox keeps nothing, to memory while there is room).
     */
    void accept(Payload p, Event event) {
        long seq = outbox.nextSeq();
        synchronized (this) {
            if (!stopped) {
                long now = System.nanoTime();
                boolean troubled = retry.failing() || retry.blocked(p.category(), now) || requestStalled(now);
                if (!troubled && !backlog.full(p.size())) {
                    addToMemory(new Backlog.Entry(seq, p, event));
                    return;
                }
            }
        }
        String file = null;
        try {
            file = outbox.write(id, seq, p, false);
        } catch (IOException | RuntimeException e) {
            diagnostics.warnOnce(
                    "outbox-write-" + id,
                    destination.name() + ": could not write to the outbox ("
                            + e.getClass().getSimpleName() + "); keeping events in memory while there is room");
        }
        if (file != null) {
            stats.spooled.increment();
            wake();
            return;
        }
        synchronized (this) {
            if (!stopped && !backlog.full(p.size())) {
                addToMemory(new Backlog.Entry(seq, p, event));
                return;
            }
            stats.dropped(stopped ? DropReason.DISABLED : DropReason.QUEUE_OVERFLOW);
            if (!stopped && !outbox.usable()) {
                diagnostics.warnOnce(
                        "lane-full-" + id,
                        destination.name() + ": in-memory backlog full and no outbox; dropping events (counted)");
            }
        }
    }

    /**
     * Backpressure: while this lane is healthy and its memory full, the sender waits (at most
     * {@link #STALL_NANOS}) for the lane to make room rather than spill to the outbox. Writing to disk
     * and reading back what a healthy backend is about to take costs the CPU that delivery needs, and
     * under sustained overload would end in evicting older files; waiting lets the queue fill, and it
     * drops the surplus (counted) before any work is done on it. Returns at once when the lane is in
     * trouble (its events belong on disk), stopped, or stalled since its last timed-out wait.
     */
    void awaitRoom() {
        long deadline = System.nanoTime() + STALL_NANOS;
        synchronized (this) {
            while (!stopped && stalledAt != progress && backlog.fullForAverage()) {
                long now = System.nanoTime();
                if (retry.troubled(now) || requestStalled(now)) {
                    return;
                }
                long left = deadline - now;
                if (left <= 0) {
                    stalledAt = progress; // spill until the lane moves again
                    return;
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether the oldest request in flight has taken longer than {@link #SPILL_AFTER_NANOS}. Holds the monitor. */
    boolean requestStalled(long now) {
        for (Long since : inFlight.values()) {
            return now - since > SPILL_AFTER_NANOS; // the first is the oldest
        }
        return false;
    }

    /**
     * Called by the dispatcher's thread about every 100 ms: when a request has hung for longer than
     * {@link #SPILL_AFTER_NANOS}, what waits in memory (the requests' own payloads included, marked
     * busy so they are not evicted while they may still succeed) is written to the outbox. The lane's
     * threads cannot do it: they are blocked in those requests.
     */
    synchronized void spillIfStalled() {
        if (!stopped && !backlog.isEmpty() && requestStalled(System.nanoTime())) {
            spiller.spill(backlog, inFlightKeys);
        }
    }

    /** The backend is in trouble: what waits in memory belongs on disk. Holds the monitor. */
    void spill() {
        spiller.spill(backlog, inFlightKeys);
    }

    private void addToMemory(Backlog.Entry e) {
        backlog.add(e);
        moreWorkersIfBehind();
        notifyAll();
    }

    /**
     * The fatal path: writes to the outbox and forces it to the device on the caller's thread, then
     * lets the lane send it. @return whether it has left the lane (sent or dropped) yet
     */
    BooleanSupplier acceptFatal(Payload p, Event event) {
        long seq = outbox.nextSeq();
        try {
            final String name = outbox.write(id, seq, p, true);
            if (name != null) {
                stats.spooled.increment();
                retryNow();
                return () -> !outbox.contains(id, name);
            }
        } catch (IOException | RuntimeException e) {
            diagnostics.warn(destination.name() + ": could not write the fatal event to the outbox ("
                    + e.getClass().getSimpleName() + "); sending it from memory");
        }
        final Backlog.Entry entry = new Backlog.Entry(seq, p, event);
        synchronized (this) {
            if (stopped) {
                stats.dropped(DropReason.DISABLED);
                return () -> true;
            }
            addToMemory(entry); // over the bounds if need be: one fatal event
            retry.retryNow();
        }
        return () -> {
            synchronized (Lane.this) {
                return !backlog.contains(entry);
            }
        };
    }

    private synchronized void wake() {
        moreWorkersIfBehind();
        notifyAll();
    }

    /** The process is going down: one more attempt now beats waiting out a backoff it will not live to see. */
    private synchronized void retryNow() {
        retry.retryNow();
        notifyAll();
    }

    /** An exception's class and message, unless the message could carry a URL (and so a key). */
    static String describe(Throwable e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        if (m == null || m.contains("://") || m.contains("?") || m.length() > 120) {
            return name;
        }
        return name + ": " + m;
    }

    /**
     * Stops the lane: what still waits in memory is written to the outbox (or counted as dropped
     * without one). The threads exit at their next look at the lane (woken, not interrupted: an
     * interrupt would close a FileChannel a thread is writing, ClosedByInterruptException); a request
     * in flight is cut by the dispatcher aborting the transport.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        spiller.spillAtStop(backlog, inFlightKeys);
        notifyAll();
    }
}
