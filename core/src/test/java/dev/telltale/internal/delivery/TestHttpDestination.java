package dev.telltale.internal.delivery;

import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal HTTP destination for pipeline tests: posts {@code {"id":..,"message":..}} to a loopback
 * URL and classifies with {@link ResponseClassifier}. A 429 or 2xx carrying {@code X-Test-Categories: a,b}
 * limits those categories (as Sentry's {@code X-Sentry-Rate-Limits} does, on refusals and acceptances).
 */
final class TestHttpDestination implements Destination {
    static final String SECRET = "s3cr3t-token";

    private final String url;
    private final String name;

    TestHttpDestination(String url) {
        this.url = url;
        this.name = "testhttp(" + url.substring("http://".length()) + ")";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxPayloadBytes() {
        return 1024 * 1024;
    }

    @Override
    public Payload encode(Event e) {
        String text = e.message() == null || e.message().isEmpty() ? e.title() : e.message();
        String msg = text.replace("\\", "\\\\").replace("\"", "\\\"");
        String body = "{\"id\":\"" + e.eventId() + "\",\"message\":\"" + msg + "\"}";
        return new Payload(
                e.eventId(),
                e.exceptions().isEmpty() ? Payload.CATEGORY_DEFAULT : Payload.CATEGORY_ERROR,
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis());
    }

    @Override
    public boolean concurrentDelivery() {
        return true;
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", payload.contentType());
        headers.put("X-Test-Auth", SECRET); // a credential added at send time, never stored
        HttpResponse r = transport.post(url, headers, payload.body(), false);
        String cats = r.header("X-Test-Categories");
        if ((r.status() == 429 || r.isSuccess()) && cats != null) {
            long wait = ResponseClassifier.parseRetryAfter(r.header("Retry-After"), System.currentTimeMillis());
            return Outcome.rateLimited(
                    r.status(), wait, new HashSet<>(Arrays.asList(cats.split(","))), "limited " + cats);
        }
        return ResponseClassifier.classify(r);
    }
}
