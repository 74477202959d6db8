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
    /** What was dropped and not yet told to the server; see {@link ClientReports}. */
    private final ClientReports reports = new ClientReports();
    /** Set by {@link #start}: where the client's counters are read. */
    private volatile DestinationContext context;
    /** False after a request failed until one is accepted: a report at close goes only to a server not known to fail. */
    private volatile boolean answering = true;

    SentryDestination(Dsn dsn, String version, String dist) {
        this(dsn, version, dist, false, null);
    }

    SentryDestination(Dsn dsn, String version, String dist, boolean trackSessions, Settings settings) {
        this.dsn = dsn;
        this.version = version;
        this.json = new SentryEventJson(version, dist);
        this.settings = settings;
        this.sessions =
                trackSessions && settings != null ? new SentrySessions(version, System.currentTimeMillis()) : null;
    }

    @Override
    public void start(DestinationContext context) {
        this.context = context;
        if (sessions != null && settings.release().isEmpty()) {
            context.warn(name() + ": sessions=true needs a release (Sentry drops sessions without one); set release");
        }
    }

    @Override
    public void stop(DestinationContext context, boolean crashed) {
        submitPendingReport(context);
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

    /**
     * At close, drops not yet told to the server go in an envelope of their own (the official SDK
     * does the same), but not while the last request failed: a report is not worth an outbox file
     * (one that fails anyway waits there like a session update, at most one per close).
     */
    private void submitPendingReport(DestinationContext context) {
        if (!answering) {
            return;
        }
        long[] share = reports.take(ClientReports.totals(context.stats(), name()));
        if (share == null) {
            return;
        }
        reports.settle(share, true); // handed over: whatever becomes of it, it is not sent twice
        try {
            byte[] item = ClientReports.item(share, System.currentTimeMillis());
            byte[] body = new byte[3 + item.length];
            body[0] = '{';
            body[1] = '}';
            body[2] = '\n';
            System.arraycopy(item, 0, body, 3, item.length);
            context.submit(
                    this, new Payload("", ClientReports.CATEGORY, CONTENT_TYPE, body, System.currentTimeMillis()));
        } catch (IOException e) {
            context.debug(name() + ": could not encode the client report: " + e);
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
        if (sessions != null
                && (!event.exceptions().isEmpty() || event.level().compareTo(dev.telltale.Level.ERROR) >= 0)) {
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
        DestinationContext c = context;
        long[] share = c == null ? null : reports.take(ClientReports.totals(c.stats(), name()));
        boolean delivered = false;
        try {
            byte[] body = withSendTimeFields(payload.body(), now);
            if (share != null) {
                body = withItem(body, ClientReports.item(share, now));
            }
            HttpResponse response = transport.post(dsn.envelopeUrl(), headers, body, true);
            Outcome o = SentryRateLimits.classify(response, payload.category(), now);
            delivered = o.kind() == Outcome.Kind.DELIVERED || o.status() >= 200 && o.status() < 300;
            return o;
        } finally {
            answering = delivered;
            reports.settle(share, delivered);
        }
    }

    String authHeader() {
        String auth =
                "Sentry sentry_version=7, sentry_client=telltale-java/" + version + ", sentry_key=" + dsn.publicKey();
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

    /** Appends one item (header and payload lines) to an envelope. */
    static byte[] withItem(byte[] envelope, byte[] item) {
        boolean newline = envelope.length > 0 && envelope[envelope.length - 1] == '\n';
        byte[] out = new byte[envelope.length + (newline ? 0 : 1) + item.length];
        System.arraycopy(envelope, 0, out, 0, envelope.length);
        if (!newline) {
            out[envelope.length] = '\n';
        }
        System.arraycopy(item, 0, out, out.length - item.length, item.length);
        return out;
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
