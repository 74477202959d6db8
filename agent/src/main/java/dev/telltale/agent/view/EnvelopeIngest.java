package dev.telltale.agent.view;

import dev.telltale.destination.Payload;
import dev.telltale.destination.file.FileDestination;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Accepts what a Sentry SDK sends to a DSN ({@code POST /api/PROJECT/envelope/}, or the older
 * {@code /store/} with the event as the body) and writes each event item as a file the way the
 * {@code file:} destination does ({@code <millis>-<eventId>.json}, a temp file renamed into place).
 * Other item types (sessions, client reports, attachments, transactions) are accepted and ignored.
 */
final class EnvelopeIngest {
    /** After decompression; Sentry's own limit for an envelope is 200 MB, one event is at most 1 MB. */
    static final int MAX_BODY_BYTES = 20 * 1024 * 1024;

    /** Written exactly as the {@code file:} destination writes (temp file, rename): it is that destination. */
    private final FileDestination files;

    EnvelopeIngest(Path dir) {
        this.files = new FileDestination(dir);
    }

    /** Decodes the body (gzip, deflate or none), bounded; an oversized body is an IOException. */
    static byte[] read(InputStream in, String contentEncoding) throws IOException {
        String enc = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
        InputStream s = enc.equals("gzip") || enc.equals("x-gzip")
                ? new GZIPInputStream(in)
                : enc.equals("deflate") ? new InflaterInputStream(in) : in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int n;
        while ((n = s.read(buf)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new IOException("body larger than " + MAX_BODY_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes the envelope's events; returns their ids. A malformed envelope is an IOException. */
    List<String> envelope(byte[] body) throws IOException {
        List<String> ids = new ArrayList<>();
        int nl = indexOf(body, 0);
        Object header = JsonTree.parse(body, 0, nl);
        String envelopeId = JsonTree.str(header, "event_id");
        int pos = Math.min(nl + 1, body.length);
        while (pos < body.length) {
            int end = indexOf(body, pos);
            if (end == pos) {
                pos++; // a blank line between items
                continue;
            }
            Object item = JsonTree.parse(body, pos, end - pos);
            pos = Math.min(end + 1, body.length);
            String length = JsonTree.str(item, "length");
            int payloadEnd;
            if (length.isEmpty()) {
                payloadEnd = indexOf(body, pos);
            } else {
                long len = Long.parseLong(length);
                if (len < 0 || pos + len > body.length) {
                    throw new IOException("item length " + len + " beyond the envelope");
                }
                payloadEnd = (int) (pos + len);
            }
            if ("event".equals(JsonTree.str(item, "type"))) {
                ids.add(event(JsonTree.parse(body, pos, payloadEnd - pos), envelopeId));
            }
            pos = payloadEnd < body.length && body[payloadEnd] == '\n' ? payloadEnd + 1 : payloadEnd;
        }
        return ids;
    }

    /** The legacy store endpoint: the body is the event. */
    String store(byte[] body) throws IOException {
        return event(JsonTree.parse(body), "");
    }

    @SuppressWarnings("unchecked")
    private String event(Object parsed, String fallbackId) throws IOException {
        if (!(parsed instanceof Map)) {
            throw new IOException("an event item that is not a JSON object");
        }
        Map<String, Object> s = (Map<String, Object>) parsed;
        String id = JsonTree.str(s, "event_id");
        if (id.isEmpty()) {
            id = fallbackId;
        }
        id = id.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        if (!id.matches("[0-9a-f]{1,64}")) {
            id = UUID.randomUUID().toString().replace("-", "");
        }
        long now = System.currentTimeMillis();
        byte[] file = SentryEventConverter.convert(s, id, now);
        files.deliver(new Payload(id, Payload.CATEGORY_ERROR, "application/json", file, now), null);
        return id;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }
}
