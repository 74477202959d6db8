package dev.telltale.internal.delivery;

import dev.telltale.internal.PendingEvent;

/**
 * What a client hands its events to: the {@link Dispatcher}, or {@link #NONE} for a client that is
 * disabled (no queue, no threads, no outbox to build).
 */
public interface Delivery {
    /** Accepts nothing, starts nothing, is always drained. */
    Delivery NONE = new Delivery() {
        @Override
        public void start() {}

        @Override
        public boolean submit(PendingEvent event) {
            return false;
        }

        @Override
        public void submitFatal(PendingEvent event) {}

        @Override
        public boolean flush(long millis) {
            return true;
        }

        @Override
        public void close(long millis, boolean crashed) {}
    };

    /** Starts the threads (idempotent); called on every capture, so the started case must be cheap. */
    void start();

    /** Queues an event; never blocks. @return whether it was accepted (a drop is counted) */
    boolean submit(PendingEvent event);

    /** An event for a crash that ends the JVM: on disk before returning, then a bounded wait for delivery. */
    void submitFatal(PendingEvent event);

    /** Waits until everything submitted so far has been handled. @return true when drained, false on timeout */
    boolean flush(long millis);

    /** Flushes within {@code millis}, then stops; leaves no thread behind. */
    void close(long millis, boolean crashed);
}
