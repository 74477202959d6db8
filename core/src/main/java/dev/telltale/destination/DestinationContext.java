package dev.telltale.destination;

import dev.telltale.config.Settings;

/** What the pipeline offers a destination besides events. */
public interface DestinationContext {
    /** The client's resolved configuration. */
    Settings settings();

    /** Queues an extra payload (a session update) for this destination, with the same retry and outbox guarantees as events. */
    void submit(Destination destination, Payload payload);

    /** Writes one diagnostic line (prefixed {@code telltale:}) when debug is on. */
    void debug(String message);

    /** Writes one diagnostic line (prefixed {@code telltale:}) always. */
    void warn(String message);
}
