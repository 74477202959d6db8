package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationContext;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.Reentrancy;
import dev.telltale.processing.EventProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The delivery pipeline of one client.
 *
 * <pre>
 * app thread ── submit ──▶ queue (bounded by count and estimated bytes; full → dropped, counted)
 *                            │
 *                  telltale-sender: build the event once (processors), encode per destination
 *                            │
 *        ┌───────────────────┼───────────────────┐
 *   Lane (own thread,   Lane ...             Lane ...     each: memory while healthy, else the
 *   order, retries,                                       outbox on disk; backoff with jitter;
 *   rate limits)                                          rate limits; resend from disk
 * </pre>
 *
 * Nothing here blocks an application thread on network or disk, except the fatal path (which
 * writes to the outbox by design) and {@link #flush}/{@link #close}, which wait for a bounded time.
 */
public final class Dispatcher implements Delivery, DestinationContext {
    private final Settings settings;
    private final List<Destination> destinations;
    private final EventProcessor processor;
    private final Diagnostics diagnostics;
    private final Accounting accounting;
    private final HttpTransport transport;
    private final SubmitQueue queue;
    private final Object processLock = new Object();
    private final Object lanesLock = new Object();
    private volatile List<Lane> lanes;
    private Outbox outbox;
    private volatile Thread thread;
    private volatile boolean closing;
    private volatile boolean closed;

    /** The least time close() gives to events still queued when its flush has used the budget. */
    private static final long LEFTOVER_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    public Dispatcher(
            Settings settings,
            List<Destination> destinations,
            EventProcessor processor,
            Diagnostics diagnostics,
            Accounting accounting) {
        this.settings = settings;
        this.destinations = destinations;
        this.processor = processor;
        this.diagnostics = diagnostics;
        this.accounting = accounting;
        this.transport = new HttpTransport(settings);
        this.queue = new SubmitQueue(settings, accounting, diagnostics);
        for (Destination d : destinations) {
            accounting.counters(d.name());
        }
    }

    /**
     * Starts the sender thread (idempotent); it opens the outbox and starts one lane per destination.
     * Called on every capture, so the started case takes no lock.
     */
    @Override
    public void start() {
        if (thread != null || closing) {
            return;
        }
        synchronized (this) {
            if (thread != null || closing) {
                return;
            }
            Thread t = new Thread(this::run, "telltale-sender");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> diagnostics.warn("sender thread failed: " + e));
            thread = t;
            t.start();
        }
    }

    /**
     * The lanes, created with the outbox on first use (the sender thread, or a fatal capture before
     * it ran). Its own lock: opening the outbox reads the disk, and {@link #start} must never wait on that.
     */
    private List<Lane> lanes() {
        synchronized (lanesLock) {
            return lanesLocked();
        }
    }

    private List<Lane> lanesLocked() {
        if (lanes == null) {
            outbox = Outbox.open(
                    settings.outboxDir(), settings.outboxMaxFiles(), settings.outboxMaxBytes(), diagnostics);
            lanes = Lanes.create(settings, destinations, outbox, transport, diagnostics, accounting);
            // Started even while closing: close() flushes through these lanes, and lanes that never
            // ran would leave everything captured before close() to the outbox (issue 12). Only a
            // dispatcher that has finished closing starts nothing more.
            if (!closed) {
                for (Lane l : lanes) {
                    l.start();
                }
            }
        }
        return lanes;
    }

    /** Queues an event; never blocks. A full queue (count or estimated bytes) drops it, counted. */
    @Override
    public boolean submit(PendingEvent event) {
        if (closing) {
            accounting.dropped(DropReason.DISABLED);
            return false;
        }
        start();
        return queue.offer(event);
    }

    /**
     * An event for a crash that ends the JVM: built, encoded and written to the outbox (forced to the
     * device) on the caller's thread before returning, then given up to {@code shutdown-timeout-ms}
     * to be delivered by the lanes.
     */
    @Override
    public void submitFatal(PendingEvent event) {
        if (closing) {
            accounting.dropped(DropReason.DISABLED);
            return;
        }
        start();
        List<Lane> ls = lanes();
        Event built;
        synchronized (processLock) {
            built = processor.process(event, (p, reason) -> accounting.dropped(reason));
        }
        if (built == null) {
            return;
        }
        List<BooleanSupplier> tickets = new ArrayList<>();
        for (Lane lane : ls) {
            Payload p = lane.encode(built);
            if (p != null) {
                tickets.add(lane.acceptFatal(p, built));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMillis());
        for (BooleanSupplier t : tickets) {
            while (!t.getAsBoolean()) {
                if (!queue.pause(deadline)) {
                    return;
                }
            }
        }
    }

    @Override
    public void submit(Destination destination, Payload payload) {
        if (destination == null || payload == null) {
            return;
        }
        for (Lane l : lanes()) {
            if (l.destination == destination) {
                l.accept(payload, null);
                return;
            }
        }
        diagnostics.debug("a payload was submitted for an unknown destination " + destination.name() + "; ignored");
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public dev.telltale.TelltaleStats stats() {
        return accounting.snapshot();
    }

    @Override
    public void debug(String message) {
        diagnostics.debug(message);
    }

    @Override
    public void warn(String message) {
        diagnostics.warn(message);
    }

    /**
     * Waits until everything submitted so far has left the pipeline: delivered, or dropped and
     * counted (payloads waiting out a backoff or a rate limit in the outbox are still pending).
     *
     * @return true when drained, false on timeout
     */
    @Override
    public boolean flush(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        while (true) {
            if (drained()) {
                return true;
            }
            if (thread == null || !queue.pause(deadline)) {
                return drained();
            }
        }
    }

    private boolean drained() {
        if (queue.outstanding() > 0) {
            return false;
        }
        if (thread == null) {
            return true;
        }
        for (Lane l : lanes()) { // files an earlier run left count as well
            if (l.pending() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Flushes within {@code millis}, then stops: what is left is written to the outbox for the next
     * start, requests still in flight are cut, and every thread this pipeline started is gone
     * (joined within the same budget). The whole call takes about {@code millis} at most.
     */
    @Override
    public void close(long millis, boolean crashed) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        List<Lane> ls = thread == null && lanes == null ? Collections.<Lane>emptyList() : lanes();
        for (Lane l : ls) {
            try {
                l.destination.stop(this, crashed);
            } catch (Throwable t) {
                diagnostics.warn(
                        l.destination.name() + ": stop failed: " + t.getClass().getName());
            }
        }
        awaitDelivered(ls, deadline);
        closed = true;
        Thread sender = thread;
        if (sender != null) {
            queue.wake();
            join(sender, deadline);
        }
        // What the sender did not reach in time (a backend that paced it, a busy machine) was captured
        // before close(): it is built here and handed to the lanes, which spool it when they stop.
        Reentrancy.enter(); // what building an event logs must not come back as an event
        try {
            // At least a short moment, even when the flush used the whole budget: building a few
            // events costs microseconds each, and they were captured before close.
            drainLeftovers(ls, Math.max(deadline, System.nanoTime() + LEFTOVER_GRACE_NANOS));
        } finally {
            Reentrancy.exit();
        }
        for (Lane l : ls) {
            l.stop(); // spools what waits in memory
        }
        transport.abort(); // a backend that hangs cannot hold a lane thread past this point
        for (Lane l : ls) {
            for (Thread t : l.threads()) {
                join(t, deadline);
            }
        }
        queue.wakeWaiters();
    }

    /**
     * close()'s flush: waits until everything captured has been delivered, or the deadline, but not
     * for a lane that cannot deliver before the deadline anyway (backing off, rate-limited).
     */
    private void awaitDelivered(List<Lane> ls, long deadline) {
        while (!drained()) {
            if (queue.outstanding() == 0) {
                boolean parked = true;
                for (Lane l : ls) {
                    parked &= l.pending() == 0 || l.parkedPast(deadline);
                }
                if (parked) {
                    return;
                }
            }
            if (thread == null || !queue.pause(deadline)) {
                return;
            }
        }
    }

    private void drainLeftovers(List<Lane> ls, long until) {
        for (SubmitQueue.Item it; (it = queue.poll()) != null; ) {
            if (it == SubmitQueue.WAKE) {
                continue;
            }
            try {
                if (System.nanoTime() - until > 0) {
                    accounting.dropped(DropReason.SHUTDOWN);
                    diagnostics.warnOnce(
                            "close-leftovers",
                            "close() ran out of shutdown-timeout-ms with events still queued;"
                                    + " the rest are dropped (counted as SHUTDOWN)");
                    continue;
                }
                handle(it.event, ls);
            } catch (Throwable t) {
                accounting.dropped(DropReason.DISABLED);
                diagnostics.warn("unexpected failure while processing an event at close: "
                        + t.getClass().getName());
            } finally {
                queue.handled(it);
            }
        }
    }

    /** Joins until the deadline, but always grants a short grace: an aborted request needs a moment to unwind. */
    private static void join(Thread t, long deadline) {
        if (t == Thread.currentThread()) {
            return;
        }
        long left = Math.max(TimeUnit.MILLISECONDS.toNanos(50), deadline - System.nanoTime());
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Reentrancy.enter(); // nothing this thread does may be captured
        List<Lane> ls = lanes();
        for (Lane l : ls) {
            try {
                l.destination.start(this);
            } catch (Throwable t) {
                diagnostics.warn(
                        l.destination.name() + ": start failed: " + t.getClass().getName());
            }
        }
        while (!closed) {
            SubmitQueue.Item item;
            try {
                item = queue.poll(100);
                for (Lane l : ls) {
                    l.spillIfStalled(); // a hanging request must not keep events in memory only
                }
            } catch (InterruptedException e) {
                continue;
            }
            if (item == null || item == SubmitQueue.WAKE) {
                continue;
            }
            try {
                for (Lane l : ls) {
                    l.awaitRoom(); // before processing: a surplus the lanes cannot take is dropped at the queue,
                    // unprocessed
                }
                handle(item.event, ls);
            } catch (Throwable t) {
                diagnostics.warn("unexpected failure while processing an event: "
                        + t.getClass().getName());
            } finally {
                queue.handled(item);
            }
        }
    }

    private void handle(PendingEvent pending, List<Lane> ls) {
        Event event;
        synchronized (processLock) {
            event = processor.process(pending, (p, reason) -> accounting.dropped(reason));
        }
        if (event == null) {
            return;
        }
        for (Lane lane : ls) {
            Payload payload = lane.encode(event);
            if (payload != null) {
                lane.accept(payload, event);
            }
        }
    }
}
