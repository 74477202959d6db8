package dev.telltale.internal.delivery;

import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Transport;
import java.io.IOException;
import java.util.Map;

/**
 * The transport one lane lends its destination: the shared HTTP client, plus a look at every
 * response for the generic {@code X-RateLimit-Remaining: 0} / {@code X-RateLimit-Reset} pair, so the
 * pipeline honours it for any backend that sends it without the destination knowing about it.
 * Used by the lane's thread only.
 */
final class LaneTransport implements Transport {
    /** A reset further than this is taken as a misreading, not a reason to stop for longer. */
    static final long MAX_RESET_MILLIS = 24L * 60 * 60 * 1000;

    private final Transport delegate;
    private long limitMillis = -1;

    LaneTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public HttpResponse post(String url, Map<String, String> headers, byte[] body, boolean gzip) throws IOException {
        HttpResponse r = delegate.post(url, headers, body, gzip);
        long wait = exhaustedFor(r, System.currentTimeMillis());
        if (wait >= 0) {
            limitMillis = Math.max(limitMillis, wait);
        }
        return r;
    }

    /** The wait the last responses asked for (ms), or -1; clears it. */
    long takeLimit() {
        long l = limitMillis;
        limitMillis = -1;
        return l;
    }

    /**
     * Milliseconds until the quota resets when the response says none is left, else -1. The reset
     * is read as epoch seconds when it is that large, else as seconds from now.
     */
    static long exhaustedFor(HttpResponse r, long now) {
        String remaining = r.header("X-RateLimit-Remaining");
        String reset = r.header("X-RateLimit-Reset");
        if (remaining == null || reset == null) {
            return -1;
        }
        try {
            if (Double.parseDouble(remaining.trim()) > 0) {
                return -1;
            }
            double v = Double.parseDouble(reset.trim());
            if (Double.isNaN(v) || v < 0) {
                return -1;
            }
            long wait = v > 1_000_000_000d ? (long) (v * 1000d) - now : (long) (v * 1000d);
            return Math.max(0, Math.min(wait, MAX_RESET_MILLIS));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
