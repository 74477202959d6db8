package dev.telltale.bench.telltale;

import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import dev.telltale.internal.json.EventJson;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * One POST per event of Telltale's own JSON, gzipped like a Sentry envelope would be, through the
 * pipeline's transport: the same work per event as a real HTTP destination, minus the wire format.
 */
final class BenchHttpDestination implements Destination {
    private static final Map<String, String> HEADERS = Collections.singletonMap("Content-Type", EventJson.CONTENT_TYPE);

    private final String url;

    BenchHttpDestination(String url) {
        this.url = url;
    }

    @Override
    public String name() {
        return "benchhttp(" + url + ")";
    }

    @Override
    public int maxPayloadBytes() {
        return 1024 * 1024;
    }

    @Override
    public Payload encode(Event event) throws IOException {
        return new Payload(
                event.eventId(),
                Payload.CATEGORY_ERROR,
                EventJson.CONTENT_TYPE,
                EventJson.encode(event),
                System.currentTimeMillis());
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        return ResponseClassifier.classify(transport.post(url, HEADERS, payload.body(), true));
    }
}
