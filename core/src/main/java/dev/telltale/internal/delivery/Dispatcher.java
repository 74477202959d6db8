package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationContext;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.Reentrancy;
import dev.telltale.processing.EventProcessor;
import dev.telltale.processing.SizeLimiter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands events from application threads to one daemon sender thread, {@code telltale-sender}, which
 * builds, encodes and delivers them. Capture never blocks: a full queue drops (counted).
 *
 * <p>This is the foundation's simple pipeline (one attempt per destination). The delivery issue
 * replaces it with retries, rate limits and the durable outbox behind the same methods.
 */
public final class Dispatcher implements DestinationContext {
    private final Settings settings;
    private final List<Destination> destinations;
    private final EventProcessor processor;
    private final Diagnostics diagnostics;
    private final Accounting accounting;
    private final Transport transport;
    private final BlockingQueue<Object> queue;
    private final AtomicLong outstanding = new AtomicLong();
    private final Object idle = new Object();
    private volatile Thread thread;
    private volatile boolean closed;

    public Dispatcher(Settings settings, List<Destination> destinations, EventProcessor processor,
                      Diagnostics diagnostics, Accounting accounting) {
        this.settings = settings;
        this.destinations = destinations;
        this.processor = processor;
        this.diagnostics = diagnostics;
        this.accounting = accounting;
        this.transport = new HttpTransport(settings);
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        for (Destination d : destinations) {
            accounting.lane(d.name());
        }
    }

    /** Starts the sender thread (idempotent). */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        Thread t = new Thread(this::run, "telltale-sender");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> diagnostics.warn("sender thread failed: " + e));
        thread = t;
        t.start();
    }

    /** Queues an event; never blocks. */
    public boolean submit(PendingEvent event) {
        if (closed) {
            accounting.dropped(DropReason.DISABLED);
            return false;
        }
        start();
        outstanding.incrementAndGet();
        if (!queue.offer(event)) {
            done();
            accounting.dropped(DropReason.QUEUE_OVERFLOW);
            return false;
        }
        return true;
    }

    /** An event for a crash that ends the JVM: delivered before returning, within the shutdown timeout. */
    public void submitFatal(PendingEvent event) {
        if (submit(event)) {
            flush(settings.shutdownTimeoutMillis());
        }
    }

    @Override
    public void submit(Destination destination, Payload payload) {
        outstanding.incrementAndGet();
        if (!queue.offer(new Object[]{destination, payload})) {
            done();
            accounting.lane(destination.name()).dropped(DropReason.QUEUE_OVERFLOW);
        }
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public void debug(String message) {
        diagnostics.debug(message);
    }

    @Override
    public void warn(String message) {
        diagnostics.warn(message);
    }

    /** Waits until everything queued so far was handled; false on timeout. */
    public boolean flush(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        synchronized (idle) {
            while (outstanding.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || thread == null) {
                    return outstanding.get() == 0;
                }
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Flushes within {@code millis}, then stops the sender thread. */
    public void close(long millis, boolean crashed) {
        if (closed) {
            return;
        }
        for (Destination d : destinations) {
            try {
                d.stop(this, crashed);
            } catch (Throwable t) {
                diagnostics.warn(d.name() + ": stop failed: " + t);
            }
        }
        flush(millis);
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void done() {
        if (outstanding.decrementAndGet() <= 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void run() {
        Reentrancy.enter(); // nothing this thread does may be captured
        for (Destination d : destinations) {
            try {
                d.start(this);
            } catch (Throwable t) {
                diagnostics.warn(d.name() + ": start failed: " + t);
            }
        }
        while (!closed) {
            Object item;
            try {
                item = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (item == null) {
                continue;
            }
            try {
                handle(item);
            } catch (Throwable t) {
                diagnostics.warn("unexpected failure while sending: " + t);
            } finally {
                done();
            }
        }
    }

    private void handle(Object item) {
        if (item instanceof PendingEvent) {
            PendingEvent pending = (PendingEvent) item;
            Event event = processor.process(pending, (p, reason) -> accounting.dropped(reason));
            if (event == null) {
                return;
            }
            for (Destination d : destinations) {
                Payload payload = encode(d, event);
                if (payload != null) {
                    deliver(d, payload);
                }
            }
        } else {
            Object[] pair = (Object[]) item;
            deliver((Destination) pair[0], (Payload) pair[1]);
        }
    }

    private Payload encode(Destination d, Event event) {
        try {
            Payload p = d.encode(event);
            for (int step = 1; p.size() > d.maxPayloadBytes() && step <= SizeLimiter.STEPS; step++) {
                p = d.encode(SizeLimiter.shrink(event, step));
            }
            if (p.size() > d.maxPayloadBytes()) {
                accounting.lane(d.name()).dropped(DropReason.TOO_LARGE);
                diagnostics.warn(d.name() + ": event " + event.eventId() + " is too large even after shrinking; dropped");
                return null;
            }
            return p;
        } catch (IOException | RuntimeException e) {
            accounting.lane(d.name()).dropped(DropReason.ENCODE_ERROR);
            diagnostics.warn(d.name() + ": could not encode event " + event.eventId() + ": " + e);
            return null;
        }
    }

    private void deliver(Destination d, Payload payload) {
        Accounting.Lane lane = accounting.lane(d.name());
        try {
            Outcome o = d.deliver(payload, transport);
            switch (o.kind()) {
                case DELIVERED:
                    lane.sent.increment();
                    diagnostics.debug(d.name() + ": delivered " + payload);
                    break;
                case TOO_LARGE:
                    lane.dropped(DropReason.TOO_LARGE);
                    diagnostics.warn(d.name() + ": " + o);
                    break;
                case RATE_LIMITED:
                    lane.dropped(DropReason.RATE_LIMITED);
                    diagnostics.warn(d.name() + ": " + o);
                    break;
                case RETRY:
                    lane.dropped(DropReason.EXPIRED);
                    diagnostics.warn(d.name() + ": " + o);
                    break;
                default:
                    lane.dropped(DropReason.PERMANENT_ERROR);
                    diagnostics.warn(d.name() + ": " + o);
            }
        } catch (IOException e) {
            lane.dropped(DropReason.EXPIRED);
            diagnostics.warn(d.name() + ": delivery failed: " + e);
        }
    }
}
