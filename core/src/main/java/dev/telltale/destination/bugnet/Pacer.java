package dev.telltale.destination.bugnet;

/**
 * Keeps one destination under Bugnet's public limit (30 requests a minute per IP) and honours what
 * its answers say ({@code X-RateLimit-*}, 429): asked before each request, it says how long to
 * wait, so the pipeline can hold events instead of the sender hammering the API.
 */
final class Pacer {
    private final long windowMillis;
    private final long[] sent;
    private int limit;
    private int count;
    private int next;
    private long blockedUntil;

    Pacer(int perWindow, long windowMillis) {
        this.windowMillis = windowMillis;
        this.sent = new long[perWindow];
        this.limit = perWindow;
    }

    /** Milliseconds to wait before the next request may go; 0 when it may go now. */
    synchronized long waitMillis(long now) {
        if (now < blockedUntil) {
            return blockedUntil - now;
        }
        if (count < limit) {
            return 0;
        }
        // the oldest of the last `limit` requests
        long oldest = sent[(next - limit + sent.length) % sent.length];
        return Math.max(0, oldest + windowMillis - now);
    }

    synchronized void record(long now) {
        sent[next] = now;
        next = (next + 1) % sent.length;
        count = Math.min(count + 1, sent.length);
    }

    /** Sends nothing until {@code epochMillis}. */
    synchronized void blockUntil(long epochMillis) {
        blockedUntil = Math.max(blockedUntil, epochMillis);
    }

    /** A server announcing a lower limit than ours is believed. */
    synchronized void limit(int announced) {
        if (announced >= 1 && announced < sent.length) {
            limit = announced;
            count = Math.min(count, sent.length);
        }
    }
}
