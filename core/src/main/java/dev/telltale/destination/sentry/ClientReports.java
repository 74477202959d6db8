package dev.telltale.destination.sentry;

import dev.telltale.DropReason;
import dev.telltale.TelltaleStats;
import dev.telltale.internal.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sentry client reports ({@code client_report} envelope items): what this client dropped and why,
 * so that the server's own stats show it. Read from the client's counters ({@link TelltaleStats}),
 * never counted twice: a report is the difference between the counters now and what earlier
 * reports carried that the server accepted.
 *
 * <p>Bounded by construction (two fixed arrays, one slot per {@link DropReason}); a report is not an
 * event (no drop of its own is ever reported as a report's loss). Thread-safe: with several
 * requests in flight per lane, each takes its own share ({@link #take}) and gives it back unless
 * delivered ({@link #settle}).
 */
final class ClientReports {
    /** Sentry's data category for client reports (and what a rate limit on {@code internal} names). */
    static final String CATEGORY = dev.telltale.destination.Payload.CATEGORY_INTERNAL;

    private static final DropReason[] REASONS = DropReason.values();
    /** Counts the server already has. */
    private final long[] reported = new long[REASONS.length];
    /** Counts riding on requests in flight. */
    private final long[] reserved = new long[REASONS.length];

    /**
     * Sentry's discard reason for a Telltale drop, or null when it is not reported: {@code DISABLED}
     * (offered after close) is not a loss of anything the application still expected to be sent.
     */
    static String sentryReason(DropReason r) {
        switch (r) {
            case SAMPLED:
                return "sample_rate";
            case BEFORE_SEND:
                return "before_send";
            case IGNORED:
            case DUPLICATE:
                return "event_processor"; // as sentry-java reports its ignored types and duplicates
            case QUEUE_OVERFLOW:
            case SHUTDOWN:
                return "queue_overflow";
            case RATE_LIMITED:
                return "ratelimit_backoff";
            case PERMANENT_ERROR:
            case TOO_LARGE:
                return "send_error";
            case OUTBOX_FULL:
                return "cache_overflow";
            case EXPIRED:
                return "network_error";
            case REENTRANT:
            case ENCODE_ERROR:
            case CORRUPT:
                return "internal_sdk_error";
            case STORM_DUPLICATE:
                return "backpressure";
            case DISABLED:
                return null;
            default:
                return "internal_sdk_error";
        }
    }

    /** The counts a report for {@code destination} would carry now: the client's drops plus that destination's. */
    static long[] totals(TelltaleStats stats, String destination) {
        long[] t = new long[REASONS.length];
        if (stats == null) {
            return t;
        }
        TelltaleStats.DestinationStats mine = stats.destination(destination);
        for (DropReason r : REASONS) {
            t[r.ordinal()] = stats.dropped(r) + (mine == null ? 0 : mine.dropped(r));
        }
        return t;
    }

    /** Reserves what is not yet reported nor in flight; null when there is nothing to report. */
    synchronized long[] take(long[] totals) {
        long[] share = null;
        for (int i = 0; i < REASONS.length; i++) {
            long d = totals[i] - reported[i] - reserved[i];
            if (d > 0 && sentryReason(REASONS[i]) != null) {
                if (share == null) {
                    share = new long[REASONS.length];
                }
                share[i] = d;
                reserved[i] += d;
            }
        }
        return share;
    }

    /** Ends a reservation: delivered, the server has it; otherwise a later envelope carries it again. */
    synchronized void settle(long[] share, boolean delivered) {
        if (share == null) {
            return;
        }
        for (int i = 0; i < REASONS.length; i++) {
            reserved[i] -= share[i];
            if (delivered) {
                reported[i] += share[i];
            }
        }
    }

    /** The {@code client_report} item's JSON: counts grouped by Sentry's reason, category {@code error}. */
    static byte[] json(long[] share, long now) throws IOException {
        Map<String, Long> byReason = new TreeMap<>();
        for (int i = 0; i < REASONS.length; i++) {
            String reason = sentryReason(REASONS[i]);
            if (share[i] > 0 && reason != null) {
                byReason.merge(reason, share[i], Long::sum);
            }
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Json.iso(now));
            g.writeArrayFieldStart("discarded_events");
            for (Map.Entry<String, Long> e : byReason.entrySet()) {
                g.writeStartObject();
                g.writeStringField("reason", e.getKey());
                // Telltale's counters do not split errors from messages; nearly every drop is an error.
                g.writeStringField("category", "error");
                g.writeNumberField("quantity", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The item (header line and payload line) to append to an envelope. */
    static byte[] item(long[] share, long now) throws IOException {
        byte[] body = json(share, now);
        byte[] header = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "client_report");
            g.writeNumberField("length", body.length);
            g.writeEndObject();
        });
        byte[] out = new byte[header.length + 1 + body.length + 1];
        System.arraycopy(header, 0, out, 0, header.length);
        out[header.length] = '\n';
        System.arraycopy(body, 0, out, header.length + 1, body.length);
        out[out.length - 1] = '\n';
        return out;
    }
}
