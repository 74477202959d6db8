package dev.telltale.destination.sentry;

import dev.telltale.Event;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationContext;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import dev.telltale.internal.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sentry, self-hosted Sentry and Bugsink, through a DSN: one envelope per event, POSTed gzipped
 * to {@code /api/{project}/envelope/}.
 *
 * <p>The payload (what the outbox keeps) is the envelope without any key: its header has
 * {@code event_id} and {@code sdk} only. {@link #deliver} adds the send-time fields, {@code sent_at}
 * and {@code dsn} (public key only; the secret travels solely in {@code X-Sentry-Auth}), so a
 * payload written to disk holds no credential and is sent with the DSN configured when it goes out.
 */
final class SentryDestination implements Destination {
    /** Bugsink refuses event items over 1 MiB; staying under 1 MB leaves room for the envelope lines. */
    static final int MAX_ENVELOPE_BYTES = 1_000_000;
    static final String CONTENT_TYPE = "application/x-sentry-envelope";

    private final Dsn dsn;
    private final String version;
    private final SentryEventJson json;
    /** Null unless the DSN asks for sessions ({@code ?sessions=true}). */
    private final SentrySessions sessions;
    private final Settings settings;

    SentryDestination(Dsn dsn, String version, String dist) {
        this(dsn, version, dist, false, null);
    }

    SentryDestination(Dsn dsn, String version, String dist, boolean trackSessions, Settings settings) {
        this.dsn = dsn;
        this.version = version;
        this.json = new SentryEventJson(version, dist);
        this.settings = settings;
        this.sessions = trackSessions && settings != null ? new SentrySessions(version, System.currentTimeMillis()) : null;
    }

    @Override
    public void start(DestinationContext context) {
        if (sessions != null && settings.release().isEmpty()) {
            context.warn(name() + ": sessions=true needs a release (Sentry drops sessions without one); set release");
        }
    }

    @Override
    public void stop(DestinationContext context, boolean crashed) {
        if (sessions == null || settings.release().isEmpty()) {
            return;
        }
        try {
            Payload p = sessions.end(crashed, settings.release(), settings.environment(), System.currentTimeMillis());
            if (p != null) {
                context.submit(this, p);
            }
        } catch (IOException e) {
            context.warn(name() + ": could not encode the session: " + e);
        }
    }

    @Override
    public String name() {
        return "sentry(" + dsn.location() + ")";
    }

    @Override
    public int maxPayloadBytes() {
        return MAX_ENVELOPE_BYTES;
    }

    @Override
    public Payload encode(Event event) throws IOException {
        if (sessions != null && (!event.exceptions().isEmpty() || event.level().compareTo(dev.telltale.Level.ERROR) >= 0)) {
            sessions.sawError();
        }
        byte[] item = Json.write(g -> json.write(g, event));
        byte[] header = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("event_id", event.eventId());
            SentryEventJson.writeSdk(g, version, false);
            g.writeEndObject();
        });
        byte[] itemHeader = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "event");
            g.writeNumberField("length", item.length);
            g.writeStringField("content_type", "application/json");
            g.writeEndObject();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + itemHeader.length + item.length + 3);
        out.write(header);
        out.write('\n');
        out.write(itemHeader);
        out.write('\n');
        out.write(item);
        out.write('\n');
        return Payload.ofEvent(event, CONTENT_TYPE, out.toByteArray());
    }

    /** Stateless: each call builds its own headers and body. */
    @Override
    public boolean concurrentDelivery() {
        return true;
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        long now = System.currentTimeMillis();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("User-Agent", "telltale-java/" + version);
        headers.put("X-Sentry-Auth", authHeader());
        HttpResponse response = transport.post(dsn.envelopeUrl(), headers, withSendTimeFields(payload.body(), now), true);
        return SentryRateLimits.classify(response, payload.category(), now);
    }

    String authHeader() {
        String auth = "Sentry sentry_version=7, sentry_client=telltale-java/" + version + ", sentry_key=" + dsn.publicKey();
        // Modern DSNs have no secret; old self-hosted servers still expect it when the DSN has one.
        return dsn.secretKey().isEmpty() ? auth : auth + ", sentry_secret=" + dsn.secretKey();
    }

    /** Adds {@code sent_at} and {@code dsn} to the envelope header (the first line). */
    byte[] withSendTimeFields(byte[] envelope, long now) throws IOException {
        int newline = indexOf(envelope, (byte) '\n');
        int end = newline < 0 ? envelope.length : newline;
        if (end < 2 || envelope[end - 1] != '}') {
            return envelope; // not an envelope header we wrote: send it as it is
        }
        byte[] extra = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("sent_at", Json.iso(now));
            g.writeStringField("dsn", dsn.withoutSecret());
            g.writeEndObject();
        });
        boolean emptyHeader = end == 2 && envelope[0] == '{';
        ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + extra.length + 1);
        out.write(envelope, 0, end - 1);
        if (!emptyHeader) {
            out.write(',');
        }
        out.write(extra, 1, extra.length - 1);
        out.write(envelope, end, envelope.length - end);
        return out.toByteArray();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return name();
    }
}
