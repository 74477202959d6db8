package dev.telltale.destination;

import dev.telltale.TelltaleStats;
import dev.telltale.config.Settings;

/** What the pipeline offers a destination besides events. */
public interface DestinationContext {
    /** The client's resolved configuration. */
    Settings settings();

    /** Queues an extra payload (a session update) for this destination, with the same retry and outbox guarantees as events. */
    void submit(Destination destination, Payload payload);

    /**
     * The client's counters now (what a backend's own drop reports, such as Sentry's client
     * reports, are made from); null when the pipeline offers none.
     */
    default TelltaleStats stats() {
        return null;
    }

    /** Writes one diagnostic line (prefixed {@code telltale:}) when debug is on. */
    void debug(String message);

    /** Writes one diagnostic line (prefixed {@code telltale:}) always. */
    void warn(String message);
}
