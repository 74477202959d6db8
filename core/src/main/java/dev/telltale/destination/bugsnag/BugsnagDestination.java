package dev.telltale.destination.bugsnag;

import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationContext;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.destination.Transport;
import dev.telltale.destination.support.SendTimeKey;
import dev.telltale.event.Platform;
import dev.telltale.internal.HostName;
import dev.telltale.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * BugSnag's notify endpoint (payload version 4) and, when enabled, its sessions endpoint
 * (payload version 1.0). One process run is one session.
 */
final class BugsnagDestination implements Destination {
    static final String CONTENT_TYPE = "application/json";
    /**
     * BugSnag refuses bodies above 512 KB (its API reference); this leaves room for the API key,
     * added at send time, whether KB means 1000 or 1024 bytes.
     */
    static final int MAX_PAYLOAD_BYTES = 500_000;
    /** Most events in one notify request (their stored bodies together stay within MAX_PAYLOAD_BYTES). */
    static final int MAX_BATCH = 50;

    private final String name;
    private final String apiKey;
    private final String notifyUrl;
    private final String sessionsUrl;
    private final boolean trackSessions;
    private final BugsnagEncoder encoder;
    private final Settings settings;

    // Session state: touched on the sender thread only (start, encode).
    private String sessionId;
    private long sessionStartedAt;
    private int handled;
    private int unhandled;
    private String lastCounted = "";

    BugsnagDestination(
            String name,
            String apiKey,
            String notifyUrl,
            String sessionsUrl,
            boolean trackSessions,
            String appType,
            Settings settings) {
        this.name = name;
        this.apiKey = apiKey;
        this.notifyUrl = notifyUrl;
        this.sessionsUrl = sessionsUrl;
        this.trackSessions = trackSessions;
        this.encoder = new BugsnagEncoder(appType);
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    String notifyUrl() {
        return notifyUrl;
    }

    String sessionsUrl() {
        return sessionsUrl;
    }

    boolean tracksSessions() {
        return trackSessions;
    }

    @Override
    public void start(DestinationContext context) {
        if (!trackSessions || sessionId != null) {
            return;
        }
        long now = System.currentTimeMillis();
        sessionId = UUID.randomUUID().toString();
        sessionStartedAt = now;
        try {
            Map<Long, Integer> counts = new LinkedHashMap<>();
            counts.put(now - now % 60_000L, 1);
            // start() runs on the sender thread, where resolving the host name may take its time
            context.submit(this, sessionPayload(counts, now, new HostName(settings.serverName()).get()));
        } catch (IOException e) {
            context.warn(name + ": could not encode the session: " + e);
        }
    }

    /** Encodes a sessions payload: per-minute counts of sessions started. */
    Payload sessionPayload(Map<Long, Integer> countsPerMinute, long now, String hostname) throws IOException {
        byte[] body = encoder.sessions(
                countsPerMinute, settings.release(), settings.environment(), hostname, Platform.current());
        return new Payload("", Payload.CATEGORY_SESSION, CONTENT_TYPE, body, now);
    }

    @Override
    public Payload encode(Event event) throws IOException {
        BugsnagEncoder.SessionState session = null;
        if (sessionId != null) {
            // The pipeline re-encodes an event to shrink it: count each event once.
            if (!event.eventId().equals(lastCounted)) {
                lastCounted = event.eventId();
                if (event.handled()) {
                    handled++;
                } else {
                    unhandled++;
                }
            }
            session = new BugsnagEncoder.SessionState(sessionId, sessionStartedAt, handled, unhandled);
        }
        return Payload.ofEvent(event, CONTENT_TYPE, encoder.notify(event, session));
    }

    /** Stateless: each call builds its own headers and body. */
    @Override
    public boolean concurrentDelivery() {
        return true;
    }

    /** Events go out several per notify request (the v4 payload's {@code events} array); sessions one by one. */
    @Override
    public int maxBatch(String category) {
        return Payload.CATEGORY_SESSION.equals(category) ? 1 : MAX_BATCH;
    }

    @Override
    public Outcome deliverBatch(List<Payload> payloads, Transport transport) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (Payload p : payloads) {
            bodies.add(p.body());
        }
        byte[] merged;
        try {
            merged = BugsnagBatch.merge(bodies);
        } catch (IOException e) {
            return Outcome.tooLarge(0, "could not merge " + payloads.size() + " events; sending them one by one");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Bugsnag-Api-Key", apiKey);
        headers.put("Bugsnag-Payload-Version", "4");
        headers.put("Bugsnag-Sent-At", Json.iso(System.currentTimeMillis()));
        HttpResponse r = transport.post(notifyUrl, headers, withApiKey(merged, apiKey), false);
        if (r.status() == 400 || r.status() == 413) {
            // BugSnag answers 400 for a payload too large: halves are sent, each event judged alone in the end
            return Outcome.tooLarge(
                    r.status(),
                    "BugSnag refused " + payloads.size() + " events in one request (HTTP " + r.status()
                            + "); sending halves");
        }
        return classify(r, false);
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        boolean session = Payload.CATEGORY_SESSION.equals(payload.category());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Bugsnag-Api-Key", apiKey);
        headers.put("Bugsnag-Payload-Version", session ? "1.0" : "4");
        headers.put("Bugsnag-Sent-At", Json.iso(System.currentTimeMillis()));
        byte[] body = session ? payload.body() : withApiKey(payload.body(), apiKey);
        HttpResponse r = transport.post(session ? sessionsUrl : notifyUrl, headers, body, false);
        return classify(r, session);
    }

    static Outcome classify(HttpResponse r, boolean session) {
        String what = session ? "session" : "event";
        if (r.status() == 401 || r.status() == 403) {
            return Outcome.drop(
                    r.status(),
                    "BugSnag refused the API key (HTTP " + r.status()
                            + "): check the key in the bugsnag destination URI or BUGSNAG_API_KEY; " + what
                            + " dropped");
        }
        if (r.status() == 400) {
            return Outcome.drop(400, "BugSnag refused the " + what + " as malformed or too large (HTTP 400)");
        }
        return ResponseClassifier.classify(r);
    }

    /** The stored body with {@code "apiKey"} put first: the key never touches the outbox. */
    static byte[] withApiKey(byte[] body, String apiKey) throws IOException {
        return SendTimeKey.prepend(body, "apiKey", apiKey);
    }

    @Override
    public String toString() {
        return name;
    }
}
