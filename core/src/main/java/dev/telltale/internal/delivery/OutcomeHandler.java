package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.internal.Diagnostics;

/**
 * What one attempt's outcome does to a lane: counts it and updates the lane's {@link RetryPolicy}
 * (backoff, rate limits). Pure apart from the counters and diagnostics: the policy's injected clock
 * makes it testable on fake time. Not thread-safe: called under the lane's monitor.
 */
final class OutcomeHandler {
    /** What becomes of the payload. */
    enum Step {
        /** It left the lane: delivered, or dropped and counted. */
        DONE,
        /** It stays for another attempt (failed, rate-limited, or cut by close). */
        KEEP,
        /** Refused as too large: re-encode it smaller once if possible, else {@link #tooLarge}. */
        SHRINK
    }

    private final String name;
    private final Accounting.Counters stats;
    private final RetryPolicy retry;
    private final Diagnostics diagnostics;
    private final String waitsWhere;

    OutcomeHandler(
            String name, Accounting.Counters stats, RetryPolicy retry, Diagnostics diagnostics, boolean durable) {
        this.name = name;
        this.stats = stats;
        this.retry = retry;
        this.diagnostics = diagnostics;
        this.waitsWhere = durable ? "in the outbox" : "in memory";
    }

    /**
     * @param headerLimit the pause the response's {@code X-RateLimit-*} headers asked for (ms), or -1
     * @param stopped     whether the lane was stopped (a failure then is close cutting the request)
     */
    Step apply(Outcome o, Payload p, long headerLimit, boolean stopped) {
        return apply(o, java.util.Collections.singletonList(p), headerLimit, stopped);
    }

    /**
     * The outcome of one request that carried {@code ps} (a batch): each payload is counted, the
     * retry state changes once.
     */
    Step apply(Outcome o, java.util.List<Payload> ps, long headerLimit, boolean stopped) {
        int n = ps.size();
        Payload p = ps.get(0);
        if (headerLimit >= 0) {
            retry.pauseAll(headerLimit);
            diagnostics.debug(name + ": quota exhausted (X-RateLimit-Remaining: 0); pausing " + headerLimit + " ms");
        }
        switch (o.kind()) {
            case DELIVERED:
                stats.sent.add(events(ps));
                int ended = retry.delivered();
                if (ended > 0) {
                    diagnostics.warn(name + ": delivering again after " + ended + " failed attempts");
                }
                diagnostics.debug(name + ": delivered " + (n == 1 ? p.toString() : n + " events in one request"));
                return Step.DONE;
            case RETRY:
                if (stopped) {
                    return Step.KEEP; // cut by close: already written to the outbox, not a backend failure
                }
                stats.retried.add(n);
                long delay = retry.failed(o.retryAfterMillis());
                if (retry.beginOutage()) {
                    diagnostics.warn(name + ": delivery failed (" + o.reason()
                            + "); retrying with backoff, events wait " + waitsWhere);
                }
                diagnostics.debug(
                        name + ": attempt " + retry.failures() + " failed (" + o + "); next in " + delay + " ms");
                return Step.KEEP;
            case RATE_LIMITED:
                return rateLimited(o, ps);
            case TOO_LARGE:
                return Step.SHRINK;
            default:
                for (int i = 0; i < n; i++) {
                    stats.dropped(DropReason.PERMANENT_ERROR);
                }
                diagnostics.warn(name + ": " + (n == 1 ? "event " + p.eventId() : n + " events") + " refused (" + o
                        + "); dropped");
                return Step.DONE;
        }
    }

    /** Payloads of the SDK's own (a client report) are not events: not counted as sent. */
    private static int events(java.util.List<Payload> ps) {
        int n = 0;
        for (Payload p : ps) {
            if (!Payload.CATEGORY_INTERNAL.equals(p.category())) {
                n++;
            }
        }
        return n;
    }

    private Step rateLimited(Outcome o, java.util.List<Payload> ps) {
        long wait = o.retryAfterMillis() >= 0 ? o.retryAfterMillis() : ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS;
        retry.limit(o.categories(), wait);
        diagnostics.debug(name + ": rate limited " + (o.categories().isEmpty() ? "(all)" : o.categories()) + " for "
                + wait + " ms");
        if (o.status() >= 200 && o.status() < 300) {
            // Accepted, with limits for what comes next (Sentry sends X-Sentry-Rate-Limits on 200s).
            stats.sent.add(events(ps));
            retry.clearFailures();
            return Step.DONE;
        }
        return Step.KEEP;
    }

    /** A payload refused as too large that cannot be made smaller: dropped, counted. */
    void tooLarge(Payload p, Outcome o) {
        stats.dropped(DropReason.TOO_LARGE);
        diagnostics.warn(name + ": event " + p.eventId() + " refused as too large (" + o + "); dropped");
    }
}
