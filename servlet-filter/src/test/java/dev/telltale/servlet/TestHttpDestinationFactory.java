package dev.telltale.servlet;

import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import dev.telltale.internal.json.EventJson;

import java.io.IOException;
import java.util.Collections;
import java.util.Set;

/** Test-only backend: {@code testhttp+http://127.0.0.1:PORT/path} POSTs Telltale's own JSON to a loopback server. */
public final class TestHttpDestinationFactory implements DestinationFactory {
    private static final String PREFIX = "testhttp+";

    @Override
    public Set<String> schemes() {
        return Collections.singleton("testhttp+http");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        final String url = uri.substring(PREFIX.length());
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("test destinations stay on loopback");
        }
        return new Destination() {
            @Override
            public String name() {
                return "testhttp(" + url.substring("http://".length()) + ")";
            }

            @Override
            public int maxPayloadBytes() {
                return 1024 * 1024;
            }

            @Override
            public Payload encode(Event event) throws IOException {
                return new Payload(event.eventId(), Payload.CATEGORY_ERROR, EventJson.CONTENT_TYPE, EventJson.encode(event),
                        System.currentTimeMillis());
            }

            @Override
            public Outcome deliver(Payload payload, Transport transport) throws IOException {
                HttpResponse r = transport.post(url, Collections.singletonMap("Content-Type", EventJson.CONTENT_TYPE),
                        payload.body(), false);
                return ResponseClassifier.classify(r);
            }
        };
    }
}
