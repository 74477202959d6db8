package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.config.Settings;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue between application threads and the dispatcher's thread: bounded by count and by the
 * events' estimated bytes, never blocking (a full queue drops, counted), and counting what is
 * outstanding (queued or being built) so that flush can wait for it.
 */
final class SubmitQueue {
    /** One queued event and the bytes it was estimated at. */
    static final class Item {
        final PendingEvent event;
        final long bytes;

        Item(PendingEvent event, long bytes) {
            this.event = event;
            this.bytes = bytes;
        }
    }

    /** Offered at close to wake the dispatcher's thread: interrupting it could cut an outbox write. */
    static final Item WAKE = new Item(null, 0);

    private final Settings settings;
    private final Accounting accounting;
    private final Diagnostics diagnostics;
    private final BlockingQueue<Item> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final Object idle = new Object();

    SubmitQueue(Settings settings, Accounting accounting, Diagnostics diagnostics) {
        this.settings = settings;
        this.accounting = accounting;
        this.diagnostics = diagnostics;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        accounting.queuedGauge(outstanding::get);
    }

    /** Queues an event; never blocks. A full queue (count or estimated bytes) drops it, counted. */
    boolean offer(PendingEvent event) {
        long bytes = event.estimatedBytes();
        if (queuedBytes.addAndGet(bytes) > settings.queueMaxBytes()) {
            queuedBytes.addAndGet(-bytes);
            overflow();
            return false;
        }
        outstanding.incrementAndGet();
        if (!queue.offer(new Item(event, bytes))) {
            queuedBytes.addAndGet(-bytes);
            done();
            overflow();
            return false;
        }
        return true;
    }

    private void overflow() {
        accounting.dropped(DropReason.QUEUE_OVERFLOW);
        diagnostics.warnOnce(
                "queue-overflow",
                "events are captured faster than they can be processed; the queue (" + settings.queueSize()
                        + " events, " + settings.queueMaxBytes()
                        + " bytes) is full and new events are dropped (counted)");
    }

    Item poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    Item poll() {
        return queue.poll();
    }

    /** Wakes the dispatcher's thread; when the queue is full it is not waiting anyway. */
    void wake() {
        queue.offer(WAKE);
    }

    /** An item was handled (built and handed to the lanes, or dropped). */
    void handled(Item it) {
        queuedBytes.addAndGet(-it.bytes);
        done();
    }

    private void done() {
        if (outstanding.decrementAndGet() <= 0) {
            wakeWaiters();
        }
    }

    long outstanding() {
        return outstanding.get();
    }

    void wakeWaiters() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Waits a little (at most 10 ms, less when woken) toward {@code deadline}. @return false when it has passed */
    boolean pause(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        synchronized (idle) {
            try {
                idle.wait(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
