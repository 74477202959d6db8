package dev.telltale;

/** Why an event was not delivered. Every drop is counted under one of these. */
public enum DropReason {
    /** Telltale is disabled or closed. */
    DISABLED,
    /** Sampled out by {@code sample-rate}. */
    SAMPLED,
    /** Its exception type is in {@code ignored-exceptions}. */
    IGNORED,
    /** The same throwable (or one of its causes) was already captured. */
    DUPLICATE,
    /** The application's {@code beforeSend} returned null. */
    BEFORE_SEND,
    /** Captured from inside Telltale itself (its own logging or threads). */
    REENTRANT,
    /** The in-memory queue was full and the outbox could not take it either. */
    QUEUE_OVERFLOW,
    /** The destination was rate-limited and the event could not wait. */
    RATE_LIMITED,
    /** The destination refused it for good (4xx). */
    PERMANENT_ERROR,
    /** Too large for the destination even after shrinking. */
    TOO_LARGE,
    /** The outbox was full; the oldest file was evicted. */
    OUTBOX_FULL,
    /** Retried until its maximum age. */
    EXPIRED,
    /** It could not be encoded. */
    ENCODE_ERROR,
    /** An outbox file could not be read back. */
    CORRUPT,
    /**
     * Still waiting to be built when {@code close()} ran out of its {@code shutdown-timeout-ms} (a
     * flood right before close on a busy machine): building and spooling the rest would hold the
     * exiting process past its budget.
     */
    SHUTDOWN,
    /**
     * During a storm (events were being lost to capacity), a later copy of an error whose group
     * (fingerprint) already sent {@code storm-per-group} events in this window; the next event of
     * the group that passes carries the count in its {@code telltale.suppressed} tag.
     */
    STORM_DUPLICATE
}
