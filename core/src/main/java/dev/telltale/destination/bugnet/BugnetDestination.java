package dev.telltale.destination.bugnet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import dev.telltale.internal.HostName;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Bugnet's public API: bugs to {@code /api/bugs/submit} with {@code X-API-Key}, and one game session
 * per process run ({@code /api/sessions/start} at start, {@code /api/sessions/end} with
 * {@code crashed} at close) feeding its crash-free rates. Paced to the public limit.
 */
final class BugnetDestination implements Destination {
    static final String CONTENT_TYPE = "application/json";
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Bugnet's public endpoints allow 30 requests a minute per IP. */
    static final int REQUESTS_PER_MINUTE = 30;
    /** Longest a rate-limit header may make us wait: a bogus reset time must not park events for days. */
    static final long MAX_WAIT_MILLIS = 3_600_000L;

    private final String name;
    private final String apiKey;
    private final String base;
    private final boolean trackSessions;
    private final BugnetEncoder encoder;
    private final Settings settings;
    private final Pacer pacer;
    // stop() runs on the closing thread, start() on the sender thread
    private volatile String sessionToken;

    BugnetDestination(
            String name, String apiKey, String base, boolean trackSessions, String platform, Settings settings) {
        this.name = name;
        this.apiKey = apiKey;
        this.base = base;
        this.trackSessions = trackSessions;
        this.encoder = new BugnetEncoder(platform);
        this.settings = settings;
        this.pacer = new Pacer(REQUESTS_PER_MINUTE, 60_000L);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    String base() {
        return base;
    }

    String sessionToken() {
        return sessionToken;
    }

    @Override
    public Payload encode(Event event) throws IOException {
        return Payload.ofEvent(event, CONTENT_TYPE, encoder.bug(event));
    }

    @Override
    public void start(DestinationContext context) {
        if (!trackSessions || sessionToken != null) {
            return;
        }
        sessionToken = UUID.randomUUID().toString().replace("-", "");
        // start() runs on the sender thread, where resolving the host name may take its time
        try {
            context.submit(
                    this,
                    new Payload(
                            "",
                            Payload.CATEGORY_SESSION,
                            CONTENT_TYPE,
                            encoder.sessionStart(
                                    sessionToken, settings.release(), new HostName(settings.serverName()).get()),
                            System.currentTimeMillis()));
        } catch (IOException e) {
            context.warn(name + ": could not encode the session start: " + e);
        }
    }

    @Override
    public void stop(DestinationContext context, boolean crashed) {
        if (sessionToken == null) {
            return;
        }
        try {
            context.submit(
                    this,
                    new Payload(
                            "",
                            Payload.CATEGORY_SESSION,
                            CONTENT_TYPE,
                            BugnetEncoder.sessionEnd(sessionToken, crashed),
                            System.currentTimeMillis()));
        } catch (IOException e) {
            context.warn(name + ": could not encode the session end: " + e);
        }
        sessionToken = null;
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        long now = System.currentTimeMillis();
        long wait = pacer.waitMillis(now);
        if (wait > 0) {
            return Outcome.rateLimited(
                    0,
                    wait,
                    Collections.<String>emptySet(),
                    "paced: Bugnet allows " + REQUESTS_PER_MINUTE + " requests a minute");
        }
        String path;
        byte[] body;
        if (Payload.CATEGORY_SESSION.equals(payload.category())) {
            path = isSessionEnd(payload.body()) ? "/api/sessions/end" : "/api/sessions/start";
            body = SendTimeKey.prepend(payload.body(), "api_key", apiKey);
        } else {
            path = "/api/bugs/submit";
            body = payload.body();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Accept", CONTENT_TYPE);
        headers.put("X-API-Key", apiKey);
        pacer.record(now);
        HttpResponse r = transport.post(base + path, headers, body, false);
        return classify(r, System.currentTimeMillis());
    }

    /** Classifies an answer and learns its rate-limit headers. */
    Outcome classify(HttpResponse r, long now) {
        long reset = resetMillis(r.header("X-RateLimit-Reset"), now);
        Integer limit = intHeader(r.header("X-RateLimit-Limit"));
        if (limit != null) {
            pacer.limit(limit);
        }
        Integer remaining = intHeader(r.header("X-RateLimit-Remaining"));
        if (remaining != null && remaining <= 0 && reset > 0) {
            pacer.blockUntil(now + reset);
        }
        int status = r.status();
        String error = envelopeError(r);
        if (status == 429) {
            long wait = reset > 0 ? reset : ResponseClassifier.parseRetryAfter(r.header("Retry-After"), now);
            if (wait < 0) {
                wait = ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS;
            }
            wait = Math.min(wait, MAX_WAIT_MILLIS);
            pacer.blockUntil(now + wait);
            return Outcome.rateLimited(
                    429, wait, Collections.<String>emptySet(), "Bugnet rate limit reached (HTTP 429)");
        }
        if (r.isSuccess()) {
            if (error != null) {
                return Outcome.drop(status, "Bugnet refused it: " + error);
            }
            return Outcome.delivered();
        }
        if (status == 401 || status == 403) {
            return Outcome.drop(
                    status,
                    "Bugnet refused the API key (HTTP " + status + "): check the key in the bugnet destination URI"
                            + (error == null ? "" : "; " + error));
        }
        Outcome o = ResponseClassifier.classify(r, now);
        if (error != null && o.kind() == Outcome.Kind.DROP) {
            return Outcome.drop(status, "refused with HTTP " + status + ": " + error);
        }
        return o;
    }

    /** The {@code error} of an {@code {ok:false, error}} envelope (bounded, key masked), or null. */
    private String envelopeError(HttpResponse r) {
        byte[] body = r.body();
        if (body.length == 0 || body.length > 64 * 1024) {
            return null;
        }
        Boolean ok = null;
        String error = null;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("ok".equals(field) && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
                    ok = t == JsonToken.VALUE_TRUE;
                } else if ("error".equals(field) && t == JsonToken.VALUE_STRING) {
                    error = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
        if (Boolean.TRUE.equals(ok) || (ok == null && error == null)) {
            return null;
        }
        String e = error == null ? "ok: false" : error;
        return Strings.clean(e.replace(apiKey, "***"), 200);
    }

    /** X-RateLimit-Reset is a Unix time in seconds; a small number is read as seconds from now. */
    static long resetMillis(String value, long now) {
        if (value == null) {
            return -1;
        }
        try {
            long v = (long) Double.parseDouble(value.trim());
            if (v <= 0) {
                return -1;
            }
            long millis = v > 1_000_000_000L ? v * 1000L - now : v * 1000L;
            return millis < 0 ? 0 : Math.min(millis, MAX_WAIT_MILLIS);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Integer intHeader(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A session payload is an end when it says whether the session crashed. */
    static boolean isSessionEnd(byte[] body) {
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if ("crashed".equals(p.currentName())) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
