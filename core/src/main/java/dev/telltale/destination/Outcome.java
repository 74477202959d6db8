package dev.telltale.destination;

import java.util.Collections;
import java.util.Set;

/**
 * What became of one delivery attempt, as a destination classifies its backend's answer.
 * The pipeline acts on it: done, try again later, wait out a rate limit, or drop and count.
 */
public final class Outcome {
    /** The kinds of outcome. */
    public enum Kind {
        /** Accepted by the backend. */
        DELIVERED,
        /** A transient failure: try again with backoff (or after {@link #retryAfterMillis()}). */
        RETRY,
        /**
         * Rate-limited: send nothing in {@link #categories()} to this destination until
         * {@link #retryAfterMillis()} has passed.
         */
        RATE_LIMITED,
        /** The payload is too large for the backend. */
        TOO_LARGE,
        /** Permanently refused (bad key, malformed): drop and count. */
        DROP
    }

    private static final Outcome DELIVERED =
            new Outcome(Kind.DELIVERED, -1, Collections.<String>emptySet(), "delivered", 0);

    private final Kind kind;
    private final long retryAfterMillis;
    private final Set<String> categories;
    private final String reason;
    private final int status;

    private Outcome(Kind kind, long retryAfterMillis, Set<String> categories, String reason, int status) {
        this.kind = kind;
        this.retryAfterMillis = retryAfterMillis;
        this.categories = categories;
        this.reason = reason == null ? "" : reason;
        this.status = status;
    }

    public static Outcome delivered() {
        return DELIVERED;
    }

    /** Try again later; {@code retryAfterMillis < 0} lets the pipeline's backoff choose when. */
    public static Outcome retry(int status, long retryAfterMillis, String reason) {
        return new Outcome(Kind.RETRY, retryAfterMillis, Collections.<String>emptySet(), reason, status);
    }

    /**
     * Rate-limited for {@code retryAfterMillis}. An empty category set means every category. With a
     * 2xx {@code status} the payload itself was accepted and only what follows is limited.
     */
    public static Outcome rateLimited(int status, long retryAfterMillis, Set<String> categories, String reason) {
        return new Outcome(
                Kind.RATE_LIMITED,
                retryAfterMillis,
                categories == null ? Collections.<String>emptySet() : Collections.unmodifiableSet(categories),
                reason,
                status);
    }

    public static Outcome tooLarge(int status, String reason) {
        return new Outcome(Kind.TOO_LARGE, -1, Collections.<String>emptySet(), reason, status);
    }

    public static Outcome drop(int status, String reason) {
        return new Outcome(Kind.DROP, -1, Collections.<String>emptySet(), reason, status);
    }

    public Kind kind() {
        return kind;
    }

    /** Milliseconds to wait, or -1 when the backend did not say. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** For {@link Kind#RATE_LIMITED}: the limited categories; empty means all. */
    public Set<String> categories() {
        return categories;
    }

    /** HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    /** A short, secret-free explanation for diagnostics. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return kind
                + (status > 0 ? " (HTTP " + status + ")" : "")
                + (reason.isEmpty() ? "" : ": " + reason)
                + (retryAfterMillis >= 0 ? ", retry after " + retryAfterMillis + " ms" : "");
    }
}
