package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.Reentrancy;
import dev.telltale.processing.SizeLimiter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One destination's delivery: its own thread, order, retry state and rate limits, so a slow or
 * failing backend never delays another. Payloads wait in memory while the backend is healthy and
 * the lane keeps up (a full memory makes the sender wait, see {@link #awaitRoom}); once it fails, is
 * rate-limited or stalls, they wait in the outbox on disk. The lane always sends its oldest sendable payload first (by sequence number, memory and
 * disk alike), so order holds across an outage and across processes.
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

    private enum Result { DONE, KEEP }

    /** A payload waiting in memory. */
    static final class Entry {
        final long seq;
        Payload payload;
        /** Kept while in memory so that a 413 can be answered by re-encoding smaller, once. */
        Event event;
        boolean shrunk;
        /** Set when the entry was also written to the outbox (at close, while in flight). */
        String file;

        Entry(long seq, Payload payload, Event event) {
            this.seq = seq;
            this.payload = payload;
            this.event = event;
        }
    }

    final Destination destination;
    final String id;
    final Object encodeLock = new Object();
    private final Accounting.Lane stats;
    private final Outbox outbox;
    private final boolean durable;
    private final Diagnostics diagnostics;
    private final RetryPolicy retry;
    private final LaneTransport transport;
    private final int maxCount;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final long rescanNanos;

    // guarded by this
    private final ArrayDeque<Entry> memory = new ArrayDeque<>();
    private long memoryBytes;
    /** memory.size(), readable without the monitor. */
    private volatile int memoryCount;
    private boolean stopped;
    private Entry inFlight;
    /** An outbox file being sent by the lane's thread. */
    private String fileInFlight;
    /** When the request in flight began (nanoTime); meaningful while inFlight or fileInFlight is set. */
    private long requestSince;
    /** Files another process (or client) is sending: skipped until the given nanoTime. */
    private final Map<String, Long> busyElsewhere = new HashMap<>();
    private long lastScan = System.nanoTime();
    /** Payloads that left the lane (sent or dropped); set in {@link #stalledAt} when a wait for room timed out. */
    private long progress;
    private long stalledAt = -1;
    private Thread thread;

    Lane(Destination destination, Accounting.Lane stats, Outbox outbox, Diagnostics diagnostics, Transport transport,
         Backoff backoff, int maxCount, long maxBytes, long maxAgeMillis) {
        this(destination, stats, outbox, diagnostics, transport, backoff, maxCount, maxBytes, maxAgeMillis, RESCAN_NANOS);
    }

    Lane(Destination destination, Accounting.Lane stats, Outbox outbox, Diagnostics diagnostics, Transport transport,
         Backoff backoff, int maxCount, long maxBytes, long maxAgeMillis, long rescanNanos) {
        this.rescanNanos = rescanNanos;
        this.destination = destination;
        this.id = laneId(destination.name());
        this.stats = stats;
        this.outbox = outbox;
        this.durable = outbox.usable();
        this.diagnostics = diagnostics;
        this.transport = new LaneTransport(transport);
        this.retry = new RetryPolicy(backoff, maxAgeMillis, System::nanoTime);
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAgeMillis;
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
        if (thread != null || stopped) {
            return;
        }
        Thread t = new Thread(this::run, "telltale-sender[" + destination.name() + "]");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> diagnostics.warn(destination.name() + ": sender failed: " + e));
        thread = t;
        t.start();
    }

    Thread thread() {
        return thread;
    }

    /**
     * Payloads waiting, in memory and in this lane's outbox directory. Lock-free on the lane: stats
     * and flush read it from application threads while the lane may be writing to disk.
     */
    long pending() {
        return memoryCount + (durable ? outbox.count(id) : 0);
    }

    /**
     * For close: nothing is in memory or on its way, and the lane will not try again before
     * {@code deadline} (backing off after failures, or rate-limited for everything), so what it has
     * waits in the outbox for the next start and waiting for it only spends the shutdown budget.
     */
    synchronized boolean parkedPast(long deadline) {
        if (!memory.isEmpty() || inFlight != null || fileInFlight != null) {
            return false;
        }
        long now = System.nanoTime();
        return retry.parkedPast(deadline, now);
    }

    /** Encodes for this destination, shrinking until it fits; null (counted) when impossible. */
    Payload encode(Event event) {
        try {
            synchronized (encodeLock) {
                Payload p = destination.encode(event);
                for (int step = 1; p.size() > destination.maxPayloadBytes() && step <= SizeLimiter.STEPS; step++) {
                    p = destination.encode(SizeLimiter.shrink(event, step));
                }
                if (p.size() > destination.maxPayloadBytes()) {
                    stats.dropped(DropReason.TOO_LARGE);
                    diagnostics.warn(destination.name() + ": event " + event.eventId() + " is too large even after shrinking; dropped");
                    return null;
                }
                return p;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            stats.dropped(DropReason.ENCODE_ERROR);
            diagnostics.warn(destination.name() + ": could not encode event " + event.eventId() + ": " + e.getClass().getName());
            return null;
        }
    }

    /**
     * Takes a payload; never blocks on the network. Goes to memory when the lane is healthy and has
     * room, else to the outbox (or, without a usable outbox, to memory while there is room).
     */
    void accept(Payload p, Event event) {
        long seq = outbox.nextSeq();
        synchronized (this) {
            if (stopped) {
                if (!durable) {
                    stats.dropped(DropReason.DISABLED);
                    return;
                }
            } else {
                long now = System.nanoTime();
                boolean troubled = retry.failing() || retry.blocked(p.category(), now) || requestStalled(now);
                if (!full(p.size()) && (!troubled || !durable)) {
                    addToMemory(new Entry(seq, p, event));
                    return;
                }
                if (!durable) {
                    stats.dropped(DropReason.QUEUE_OVERFLOW);
                    diagnostics.warnOnce("lane-full-" + id, destination.name()
                            + ": in-memory backlog full and no outbox; dropping events (counted)");
                    return;
                }
            }
        }
        try {
            outbox.write(id, seq, p, false);
            stats.spooled.increment();
            wake();
        } catch (IOException | RuntimeException e) {
            diagnostics.warnOnce("outbox-write-" + id, destination.name() + ": could not write to the outbox ("
                    + e.getClass().getSimpleName() + "); keeping events in memory while there is room");
            synchronized (this) {
                if (!stopped && memory.size() < maxCount && memoryBytes + p.size() <= maxBytes) {
                    addToMemory(new Entry(seq, p, event));
                } else {
                    stats.dropped(stopped ? DropReason.DISABLED : DropReason.QUEUE_OVERFLOW);
                }
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
            // Room for two payloads of the average size: payloads are alike, and the next one must fit.
            while (!stopped && stalledAt != progress && full(memory.isEmpty() ? 0 : 2 * (memoryBytes / memory.size()))) {
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

    /** Whether a request has been in flight for longer than {@link #SPILL_AFTER_NANOS}. Holds the monitor. */
    private boolean requestStalled(long now) {
        return (inFlight != null || fileInFlight != null) && now - requestSince > SPILL_AFTER_NANOS;
    }

    /**
     * Called by the sender thread about every 100 ms: when the lane's request has hung for longer
     * than {@link #SPILL_AFTER_NANOS}, what waits in memory (the request's own payload included,
     * marked busy so it is not evicted while it may still succeed) is written to the outbox. The lane
     * thread cannot do it: it is blocked in that request.
     */
    void spillIfStalled() {
        synchronized (this) {
            if (!stopped && durable && !memory.isEmpty() && requestStalled(System.nanoTime())) {
                spillMemory();
            }
        }
    }

    /** Holds the monitor. */
    private boolean full(long adding) {
        return memory.size() >= maxCount || memoryBytes + adding > maxBytes;
    }

    private void addToMemory(Entry e) {
        memory.addLast(e);
        memoryBytes += e.payload.size();
        memoryCount = memory.size();
        notifyAll();
    }

    /**
     * The fatal path: writes to the outbox and forces it to the device on the caller's thread, then
     * lets the lane send it. @return whether it has left the lane (sent or dropped) yet
     */
    BooleanSupplier acceptFatal(Payload p, Event event) {
        long seq = outbox.nextSeq();
        if (durable) {
            try {
                final String name = outbox.write(id, seq, p, true);
                stats.spooled.increment();
                retryNow();
                return () -> !outbox.contains(id, name);
            } catch (IOException | RuntimeException e) {
                diagnostics.warn(destination.name() + ": could not write the fatal event to the outbox ("
                        + e.getClass().getSimpleName() + "); sending it from memory");
            }
        }
        final Entry entry = new Entry(seq, p, event);
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
                return !memory.contains(entry);
            }
        };
    }

    private synchronized void wake() {
        notifyAll();
    }

    /** The process is going down: one more attempt now beats waiting out a backoff it will not live to see. */
    private synchronized void retryNow() {
        retry.retryNow();
        notifyAll();
    }

    // ------------------------------------------------------------------ the lane's thread

    private void run() {
        Reentrancy.enter(); // nothing this thread does may be captured
        while (true) {
            Entry mem = null;
            String file = null;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                long now = System.nanoTime();
                long waitNanos;
                if (retry.backoffLeft(now) > 0) {
                    waitNanos = retry.backoffLeft(now);
                } else {
                    for (Iterator<Long> it = busyElsewhere.values().iterator(); it.hasNext(); ) {
                        if (it.next() - now <= 0) {
                            it.remove();
                        }
                    }
                    for (Entry e : memory) {
                        if (!retry.blocked(e.payload.category(), now)) {
                            mem = e;
                            break;
                        }
                    }
                    file = durable ? outbox.first(id, n -> !busyElsewhere.containsKey(n)
                            && !retry.blocked(Outbox.categoryOf(n), now)) : null;
                    if (file != null && mem != null) {
                        if (Outbox.seqOf(file) < mem.seq) {
                            mem = null;
                        } else {
                            file = null;
                        }
                    }
                    if (mem != null || file != null) {
                        waitNanos = 0;
                    } else {
                        long next = rescanNanos;
                        long limitEnd = retry.nanosUntilNextLimitEnds(now);
                        if (limitEnd >= 0) {
                            next = Math.min(next, limitEnd);
                        }
                        for (Long until : busyElsewhere.values()) {
                            next = Math.min(next, until - now);
                        }
                        if (limitEnd < 0 && busyElsewhere.isEmpty() && memory.isEmpty() && durable
                                && now - lastScan >= rescanNanos) {
                            lastScan = now;
                            next = -1; // rescan below, outside the monitor
                        }
                        waitNanos = next;
                    }
                }
                if (waitNanos > 0) {
                    try {
                        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                    } catch (InterruptedException e) {
                        if (stopped) {
                            return;
                        }
                    }
                    continue;
                }
                if (mem != null) {
                    inFlight = mem;
                }
                fileInFlight = file;
                requestSince = System.nanoTime();
            }
            try {
                if (mem != null) {
                    sendFromMemory(mem);
                } else if (file != null) {
                    try {
                        sendFromOutbox(file);
                    } finally {
                        synchronized (this) {
                            fileInFlight = null;
                        }
                    }
                } else {
                    outbox.rescan(id);
                }
            } catch (Throwable t) {
                diagnostics.warn(destination.name() + ": unexpected failure while sending: " + t.getClass().getName());
                synchronized (this) {
                    retry.failed(-1);
                }
            }
        }
    }

    private void sendFromMemory(Entry e) {
        Result r = send(e.payload, e);
        synchronized (this) {
            inFlight = null;
            if (e.file != null) {
                outbox.busy(id, e.file, false); // written at close while it was in flight
            }
            if (r == Result.DONE) {
                progress++;
                if (memory.remove(e)) {
                    memoryBytes -= e.payload.size();
                    memoryCount = memory.size();
                }
                if (e.file != null) {
                    outbox.remove(id, e.file);
                }
                notifyAll(); // room for a sender waiting in awaitRoom
            } else if (stopped) {
                if (e.file == null) {
                    stats.dropped(DropReason.DISABLED);
                }
            } else if (retry.troubled(System.nanoTime())) {
                spillMemory();
            }
        }
    }

    /** Moves what waits in memory to the outbox (keeping each sequence number): the backend is in trouble. Holds the monitor. */
    private void spillMemory() {
        if (!durable) {
            return;
        }
        while (!memory.isEmpty()) {
            Entry e = memory.peekFirst();
            if (e.file == null) {
                try {
                    e.file = outbox.write(id, e.seq, e.payload, false, e == inFlight);
                    stats.spooled.increment();
                } catch (IOException | RuntimeException ex) {
                    diagnostics.warnOnce("outbox-write-" + id, destination.name() + ": could not write to the outbox ("
                            + ex.getClass().getSimpleName() + "); keeping events in memory");
                    return;
                }
            }
            memory.pollFirst();
            memoryBytes -= e.payload.size();
            memoryCount = memory.size();
            e.event = null;
        }
    }

    private void sendFromOutbox(String file) {
        // Marked busy before claiming: eviction must not take (and count as dropped) a file that is
        // about to be sent, which would then be counted as sent as well.
        if (!outbox.reserve(id, file)) {
            return; // evicted meanwhile (and counted)
        }
        Outbox.Claim claim;
        try {
            claim = outbox.claim(id, file);
        } catch (NoSuchFileException gone) {
            outbox.busy(id, file, false);
            outbox.forget(id, file); // another process sent it (or evicted it) meanwhile
            return;
        }
        if (claim == null) {
            outbox.busy(id, file, false);
            synchronized (this) {
                busyElsewhere.put(file, System.nanoTime() + LOCK_BUSY_NANOS);
            }
            return;
        }
        try {
            Payload p;
            try {
                p = OutboxCodec.decode(claim.read());
            } catch (OutboxCodec.CorruptException e) {
                outbox.moveAside(id, file, e.getMessage());
                return;
            } catch (IOException e) {
                outbox.moveAside(id, file, "unreadable: " + e.getClass().getSimpleName());
                return;
            }
            if (send(p, null) == Result.DONE) {
                outbox.remove(id, file); // deleted before the claim is released
                synchronized (this) {
                    progress++;
                }
            }
        } finally {
            outbox.busy(id, file, false);
            claim.close();
        }
    }

    /** A payload of the SDK's own (a client report) is not an event: not counted as sent. */
    private void countSent(Payload p) {
        if (!Payload.CATEGORY_INTERNAL.equals(p.category())) {
            stats.sent.increment();
        }
    }

    /** One attempt; counts the outcome. @return DONE when the payload leaves the lane (sent or dropped) */
    private Result send(Payload p, Entry entry) {
        if (System.currentTimeMillis() - p.createdAt() > maxAgeMillis) {
            stats.dropped(DropReason.EXPIRED);
            diagnostics.debug(destination.name() + ": gave up on " + p + " after retrying past max-retry-age-ms");
            return Result.DONE;
        }
        Outcome o;
        try {
            o = destination.deliver(p, transport);
            if (o == null) {
                o = Outcome.drop(0, "destination returned no outcome");
            }
        } catch (IOException e) {
            o = Outcome.retry(0, -1, describe(e));
        } catch (RuntimeException | LinkageError e) {
            o = Outcome.drop(0, "destination failed: " + e.getClass().getName());
        }
        long headerLimit = transport.takeLimit();
        synchronized (this) {
            long now = System.nanoTime();
            if (headerLimit >= 0) {
                retry.pauseAll(headerLimit);
                diagnostics.debug(destination.name() + ": quota exhausted (X-RateLimit-Remaining: 0); pausing " + headerLimit + " ms");
            }
            switch (o.kind()) {
                case DELIVERED:
                    countSent(p);
                    int ended = retry.delivered();
                    if (ended > 0) {
                        diagnostics.warn(destination.name() + ": delivering again after " + ended + " failed attempts");
                    }
                    diagnostics.debug(destination.name() + ": delivered " + p);
                    return Result.DONE;
                case RETRY: {
                    if (stopped) {
                        return Result.KEEP; // cut by close: already written to the outbox, not a backend failure
                    }
                    stats.retried.increment();
                    long delay = retry.failed(o.retryAfterMillis());
                    if (retry.beginOutage()) {
                        diagnostics.warn(destination.name() + ": delivery failed (" + o.reason()
                                + "); retrying with backoff, events wait " + (durable ? "in the outbox" : "in memory"));
                    }
                    diagnostics.debug(destination.name() + ": attempt " + retry.failures() + " failed (" + o + "); next in " + delay + " ms");
                    return Result.KEEP;
                }
                case RATE_LIMITED: {
                    long wait = o.retryAfterMillis() >= 0 ? o.retryAfterMillis() : ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS;
                    retry.limit(o.categories(), wait);
                    diagnostics.debug(destination.name() + ": rate limited " + (o.categories().isEmpty() ? "(all)" : o.categories())
                            + " for " + wait + " ms");
                    if (o.status() >= 200 && o.status() < 300) {
                        // Accepted, with limits for what comes next (Sentry sends X-Sentry-Rate-Limits on 200s).
                        countSent(p);
                        retry.clearFailures();
                        return Result.DONE;
                    }
                    return Result.KEEP;
                }
                case TOO_LARGE:
                    if (entry != null && entry.event != null && !entry.shrunk) {
                        Payload smaller = shrinkHard(entry.event);
                        if (smaller != null && smaller.size() < p.size()) {
                            entry.shrunk = true;
                            if (memory.contains(entry)) {
                                memoryBytes += smaller.size() - entry.payload.size();
                            }
                            entry.payload = smaller;
                            return Result.KEEP;
                        }
                    }
                    stats.dropped(DropReason.TOO_LARGE);
                    diagnostics.warn(destination.name() + ": event " + p.eventId() + " refused as too large (" + o + "); dropped");
                    return Result.DONE;
                default:
                    stats.dropped(DropReason.PERMANENT_ERROR);
                    diagnostics.warn(destination.name() + ": event " + p.eventId() + " refused (" + o + "); dropped");
                    return Result.DONE;
            }
        }
    }

    private Payload shrinkHard(Event event) {
        try {
            synchronized (encodeLock) {
                return destination.encode(SizeLimiter.shrink(event, SizeLimiter.STEPS));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
     * without one). The thread exits at its next look at the lane (it is woken, not interrupted); a
     * request in flight is cut by the dispatcher aborting the transport.
     */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Iterator<Entry> it = memory.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (durable && e.file == null) {
                    try {
                        // In flight: not evictable while its request may still succeed (it would be counted twice).
                        e.file = outbox.write(id, e.seq, e.payload, false, e == inFlight);
                        stats.spooled.increment();
                    } catch (IOException | RuntimeException ex) {
                        if (e != inFlight) {
                            stats.dropped(DropReason.DISABLED);
                        }
                    }
                } else if (!durable && e != inFlight) {
                    stats.dropped(DropReason.DISABLED);
                }
            }
            memory.clear();
            memoryBytes = 0;
            memoryCount = 0;
            notifyAll(); // a waiting lane thread sees `stopped`; never an interrupt, which would
            // close a FileChannel the thread is writing or reading (ClosedByInterruptException)
        }
    }
}
