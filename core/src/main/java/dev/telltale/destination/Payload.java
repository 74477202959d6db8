package dev.telltale.destination;

import dev.telltale.Event;
import java.util.Objects;

/**
 * An encoded event (or session update), ready to send. This is also what the outbox keeps on
 * disk, so it carries no secret: credentials are added by {@link Destination#deliver} at send time.
 * Immutable; the body array is never modified after construction.
 */
public final class Payload {
    /** Rate-limit category of an error event. */
    public static final String CATEGORY_ERROR = "error";
    /** Rate-limit category of a message event without exception. */
    public static final String CATEGORY_DEFAULT = "default";
    /** Rate-limit category of session updates. */
    public static final String CATEGORY_SESSION = "session";
    /**
     * Category of the SDK's own reports about itself (Sentry's client reports): not an event, so
     * the pipeline does not count it as sent.
     */
    public static final String CATEGORY_INTERNAL = "internal";

    private final String eventId;
    private final String category;
    private final String contentType;
    private final byte[] body;
    private final long createdAt;

    public Payload(String eventId, String category, String contentType, byte[] body, long createdAt) {
        this.eventId = eventId == null ? "" : eventId;
        this.category = Objects.requireNonNull(category, "category");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.body = Objects.requireNonNull(body, "body");
        this.createdAt = createdAt;
    }

    /**
     * The payload of one event, made now: its category is {@link #CATEGORY_ERROR} when the event
     * carries an exception, else {@link #CATEGORY_DEFAULT}.
     */
    public static Payload ofEvent(Event event, String contentType, byte[] body) {
        return new Payload(
                event.eventId(),
                event.exceptions().isEmpty() ? CATEGORY_DEFAULT : CATEGORY_ERROR,
                contentType,
                body,
                System.currentTimeMillis());
    }

    /** The event this payload carries; empty for session updates. */
    public String eventId() {
        return eventId;
    }

    /** {@link #CATEGORY_ERROR}, {@link #CATEGORY_DEFAULT}, {@link #CATEGORY_SESSION}, or a destination's own. */
    public String category() {
        return category;
    }

    public String contentType() {
        return contentType;
    }

    /** The uncompressed body. Callers must not modify it. */
    public byte[] body() {
        return body;
    }

    public int size() {
        return body.length;
    }

    /** Epoch milliseconds when it was encoded: the pipeline gives up retrying past a maximum age. */
    public long createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "Payload{" + category + ", " + eventId + ", " + body.length + " bytes}";
    }
}
