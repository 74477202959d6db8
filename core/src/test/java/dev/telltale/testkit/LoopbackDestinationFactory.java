package dev.telltale.testkit;

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

/**
 * Test-only backend of the integration modules' tests: {@code testhttp+http://127.0.0.1:PORT/path}
 * POSTs Telltale's own JSON to a loopback server, classified like any HTTP backend. A module
 * registers it (or a subclass) in its test resources' {@code META-INF/services}; core's own tests
 * use {@code testhttp://} (delivery's {@code TestHttpDestination}). With {@code ?chatty} every
 * delivery is handed to {@link #delivered}, which a subclass may log through the module's logging.
 */
public class LoopbackDestinationFactory implements DestinationFactory {
    static final String PREFIX = "testhttp+";
    private static final String CHATTY = "?chatty";

    @Override
    public Set<String> schemes() {
        return Collections.singleton("testhttp+http");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        String url = uri.substring(PREFIX.length());
        boolean chatty = url.endsWith(CHATTY);
        if (chatty) {
            url = url.substring(0, url.length() - CHATTY.length());
        }
        if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("test destinations stay on loopback");
        }
        return new Loopback(url, chatty);
    }

    /** After each delivery of a {@code ?chatty} destination, on the lane's thread. */
    protected void delivered(String url, int status) {}

    private final class Loopback implements Destination {
        private final String url;
        private final boolean chatty;

        Loopback(String url, boolean chatty) {
            this.url = url;
            this.chatty = chatty;
        }

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
            String category = event.exceptions().isEmpty() ? Payload.CATEGORY_DEFAULT : Payload.CATEGORY_ERROR;
            return new Payload(
                    event.eventId(),
                    category,
                    EventJson.CONTENT_TYPE,
                    EventJson.encode(event),
                    System.currentTimeMillis());
        }

        @Override
        public Outcome deliver(Payload payload, Transport transport) throws IOException {
            HttpResponse r = transport.post(
                    url, Collections.singletonMap("Content-Type", EventJson.CONTENT_TYPE), payload.body(), false);
            if (chatty) {
                delivered(url, r.status());
            }
            return ResponseClassifier.classify(r);
        }
    }
}
