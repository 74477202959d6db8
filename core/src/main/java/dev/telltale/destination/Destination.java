package dev.telltale.destination;

import dev.telltale.Event;
import java.io.IOException;
import java.util.List;

/**
 * A backend that events are delivered to: the one SPI a backend implements.
 *
 * <p>A destination knows its wire format and its backend's answers; the pipeline knows queues,
 * retries, rate limits, the outbox and accounting, and never a backend by name. {@link #encode} is
 * never called concurrently with itself (sender thread; the crashing thread for a fatal event), nor
 * {@link #deliver} with itself unless {@link #concurrentDelivery()} says it may be; encode and
 * deliver may overlap, so they share no mutable state.
 */
public interface Destination {
    /** Secret-free name for diagnostics and statistics, e.g. {@code sentry(127.0.0.1:9000/3)}. */
    String name();

    /** The largest body the backend accepts; the pipeline shrinks events to fit. */
    int maxPayloadBytes();

    /**
     * Encodes one event. The result carries no credentials: it may be written to the outbox and
     * sent by a later process.
     */
    Payload encode(Event event) throws IOException;

    /**
     * Sends one payload (adding credentials and send-time headers) and classifies the answer.
     *
     * @throws IOException when nothing usable came back (connection refused or reset, timeout):
     *                     the pipeline retries
     */
    Outcome deliver(Payload payload, Transport transport) throws IOException;

    /**
     * Whether {@link #deliver} may run on several threads at once (up to {@code max-in-flight}
     * requests of this destination in flight). False by default: one request at a time, in order.
     */
    default boolean concurrentDelivery() {
        return false;
    }

    /**
     * How many payloads of {@code category} one request may carry ({@link #deliverBatch}); 1, the
     * default, sends each payload on its own. The pipeline batches only a backlog of a healthy
     * destination, and never more than {@link #maxPayloadBytes()} of stored bodies in one request.
     */
    default int maxBatch(String category) {
        return 1;
    }

    /**
     * Sends 2 to {@link #maxBatch} payloads of one category in one request; the outcome holds for
     * each of them (a {@code TOO_LARGE} outcome makes the pipeline send each half on its own).
     *
     * @throws IOException as {@link #deliver}
     */
    default Outcome deliverBatch(List<Payload> payloads, Transport transport) throws IOException {
        throw new UnsupportedOperationException(name() + " does not batch");
    }

    /**
     * Called once when the client starts, on the sender thread: a destination that tracks sessions
     * submits its session-start payload here.
     */
    default void start(DestinationContext context) {}

    /**
     * Called once when the client closes, before the final flush: a destination that tracks
     * sessions submits its session-end payload here ({@code crashed} is true after an unhandled crash).
     */
    default void stop(DestinationContext context, boolean crashed) {}
}
