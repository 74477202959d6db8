package dev.telltale;

/**
 * The application's last word on an event before it is scrubbed and sent: return it (or a changed
 * copy made with {@link Event#toBuilder()}), or return null to drop it. An exception thrown here is
 * caught and counted; the event is then sent unchanged.
 */
@FunctionalInterface
public interface BeforeSend {
    /** Sends every event unchanged. */
    BeforeSend IDENTITY = event -> event;

    /** @return the event to send, or null to drop it */
    Event apply(Event event);
}
