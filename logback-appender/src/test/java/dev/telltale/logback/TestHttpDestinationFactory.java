package dev.telltale.logback;

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
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collections;
import java.util.Set;

/**
 * Test-only backend: {@code testhttp+http://127.0.0.1:PORT/path} POSTs Telltale's own JSON to a
 * loopback server. With {@code ?chatty} it also logs every delivery through SLF4J, as a third-party
 * HTTP library inside a real backend might, to prove that such logging does not loop.
 */
public final class TestHttpDestinationFactory implements DestinationFactory {
    static final String PREFIX = "testhttp+";

    @Override
    public Set<String> schemes() {
        return Collections.singleton("testhttp+http");
    }

    @Override
    public Destination create(String uri, Settings settings) {
        String url = uri.substring(PREFIX.length());
        boolean chatty = url.endsWith("?chatty");
        if (chatty) {
            url = url.substring(0, url.length() - "?chatty".length());
        }
        if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("test destinations stay on loopback");
        }
        return new TestHttpDestination(url, chatty);
    }

    static final class TestHttpDestination implements Destination {
        private final String url;
        private final boolean chatty;

        TestHttpDestination(String url, boolean chatty) {
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
            return new Payload(event.eventId(), event.exceptions().isEmpty() ? Payload.CATEGORY_DEFAULT : Payload.CATEGORY_ERROR,
                    EventJson.CONTENT_TYPE, EventJson.encode(event), System.currentTimeMillis());
        }

        @Override
        public Outcome deliver(Payload payload, Transport transport) throws IOException {
            HttpResponse r = transport.post(url, Collections.singletonMap("Content-Type", EventJson.CONTENT_TYPE), payload.body(), false);
            if (chatty) {
                LoggerFactory.getLogger("thirdparty.http").error("POST {} answered {}", url, r.status());
            }
            return ResponseClassifier.classify(r);
        }
    }
}
