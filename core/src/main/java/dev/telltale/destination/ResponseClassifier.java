package dev.telltale.destination;

import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The classification every HTTP destination starts from: 2xx delivered; 408, 429 and 5xx retried
 * (429 honouring {@code Retry-After}, else waiting {@link #DEFAULT_RATE_LIMIT_MILLIS}); 413 too
 * large; any other status dropped.
 */
public final class ResponseClassifier {
    /** How long a bare 429 blocks a destination. */
    public static final long DEFAULT_RATE_LIMIT_MILLIS = 60_000L;
    /** The longest wait a {@code Retry-After} can impose. */
    public static final long MAX_RETRY_AFTER_MILLIS = 24L * 60 * 60 * 1000;

    private ResponseClassifier() {}

    public static Outcome classify(HttpResponse response) {
        return classify(response, System.currentTimeMillis());
    }

    public static Outcome classify(HttpResponse response, long now) {
        int status = response.status();
        long retryAfter = parseRetryAfter(response.header("Retry-After"), now);
        if (status >= 200 && status < 300) {
            return Outcome.delivered();
        }
        if (status == 429) {
            long wait = retryAfter >= 0 ? retryAfter : DEFAULT_RATE_LIMIT_MILLIS;
            return Outcome.rateLimited(status, wait, null, "rate limited (HTTP 429)");
        }
        if (status == 413) {
            return Outcome.tooLarge(status, "payload too large (HTTP 413)");
        }
        if (status == 408 || status >= 500) {
            return Outcome.retry(status, retryAfter, "server answered HTTP " + status);
        }
        return Outcome.drop(status, "refused with HTTP " + status);
    }

    /**
     * Parses a {@code Retry-After} value: delay seconds or an HTTP date.
     *
     * @return milliseconds from {@code now} (never negative), or -1 when absent or unparseable
     */
    public static long parseRetryAfter(String value, long now) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return -1;
        }
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds)) {
                return -1;
            }
            // A server asking for more than a day is capped: events would otherwise wait forever.
            return (long) Math.min(seconds * 1000d, (double) MAX_RETRY_AFTER_MILLIS);
        } catch (NumberFormatException notSeconds) {
            Date date = parseHttpDate(v);
            return date == null ? -1 : Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(0L, date.getTime() - now));
        }
    }

    private static Date parseHttpDate(String v) {
        String[] patterns = {"EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"
        };
        for (String p : patterns) {
            SimpleDateFormat f = new SimpleDateFormat(p, Locale.US);
            f.setTimeZone(TimeZone.getTimeZone("GMT"));
            f.setLenient(false);
            ParsePosition pos = new ParsePosition(0);
            Date d = f.parse(v, pos);
            if (d != null && pos.getIndex() == v.length()) {
                return d;
            }
        }
        return null;
    }
}
