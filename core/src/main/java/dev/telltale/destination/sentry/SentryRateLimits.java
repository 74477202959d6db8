package dev.telltale.destination.sentry;

import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.ResponseClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Sentry's answers: {@code X-Sentry-Rate-Limits} ({@code retry_after:categories:scope:reason_code:namespaces}
 * entries, comma-separated; categories {@code ;}-separated, empty meaning all), then {@code Retry-After},
 * then the default backoff for a bare 429 (Bugsink's quota answer carries no header at all).
 */
final class SentryRateLimits {
    static final String HEADER = "X-Sentry-Rate-Limits";

    /** Categories Telltale sends to Sentry; limits on anything else (transactions, replays...) do not concern us. */
    private static final Set<String> OURS = Collections.unmodifiableSet(new LinkedHashSet<>(
            java.util.Arrays.asList(Payload.CATEGORY_ERROR, Payload.CATEGORY_DEFAULT, Payload.CATEGORY_SESSION)));

    private SentryRateLimits() {}

    /** One entry of the header. An empty category set means every category. */
    static final class Limit {
        final long millis;
        final Set<String> categories;
        final String scope;
        final String reasonCode;

        Limit(long millis, Set<String> categories, String scope, String reasonCode) {
            this.millis = millis;
            this.categories = categories;
            this.scope = scope;
            this.reasonCode = reasonCode;
        }

        boolean applies(String category) {
            return categories.isEmpty() || categories.contains(category);
        }

        @Override
        public String toString() {
            return millis + "ms " + (categories.isEmpty() ? "all" : categories) + " " + scope + " " + reasonCode;
        }
    }

    /** Parses the header; malformed entries are skipped, a missing number means the default wait. */
    static List<Limit> parse(String header) {
        List<Limit> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String entry : header.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split(":", -1);
            long millis = seconds(parts[0].trim());
            Set<String> categories = new LinkedHashSet<>();
            if (parts.length > 1) {
                for (String c : parts[1].split(";")) {
                    String cat = c.trim().toLowerCase(Locale.ROOT);
                    if (!cat.isEmpty()) {
                        categories.add(cat);
                    }
                }
            }
            String scope = parts.length > 2 ? token(parts[2]) : "";
            String reason = parts.length > 3 ? token(parts[3]) : "";
            out.add(new Limit(millis, categories, scope, reason));
        }
        return out;
    }

    private static long seconds(String v) {
        try {
            double s = Double.parseDouble(v);
            if (s >= 0 && !Double.isNaN(s) && !Double.isInfinite(s)) {
                return (long) Math.min(s * 1000d, (double) Long.MAX_VALUE / 4);
            }
        } catch (NumberFormatException ignored) {
            // falls through to the default
        }
        return ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS;
    }

    /** A server-chosen word, bounded and printable, so that it can go into a diagnostic. */
    private static String token(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || c == '.') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Classifies one answer to a payload of {@code category}, as the official SDK reads it:
     * {@code X-Sentry-Rate-Limits} counts on every answer, a success included. The limits that cover
     * this payload (the longest of them, their categories limited to the ones Telltale sends, empty
     * meaning all) make {@link Outcome#rateLimited}: with a 2xx status the payload itself was accepted
     * and only what follows waits. A 2xx without such a limit is delivered; a 429 without one waits for
     * {@code Retry-After} or the default minute; every other status as the standard classifier says.
     */
    static Outcome classify(HttpResponse response, String category, long now) {
        int status = response.status();
        boolean success = response.isSuccess();
        if (!success && status != 429) {
            return ResponseClassifier.classify(response, now);
        }
        List<Limit> applying = new ArrayList<>();
        for (Limit l : parse(response.header(HEADER))) {
            if (l.applies(category)) {
                applying.add(l);
            }
        }
        if (applying.isEmpty()) {
            if (success) {
                return Outcome.delivered();
            }
            long retryAfter = ResponseClassifier.parseRetryAfter(response.header("Retry-After"), now);
            long wait = retryAfter >= 0 ? retryAfter : ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS;
            return Outcome.rateLimited(status, wait, null, "rate limited (HTTP 429)");
        }
        long wait = 0;
        boolean all = false;
        Set<String> categories = new LinkedHashSet<>();
        StringBuilder reason = new StringBuilder(success ? "accepted; what follows is rate limited" : "rate limited")
                .append(" (HTTP ")
                .append(status);
        for (Limit l : applying) {
            wait = Math.max(wait, l.millis);
            if (l.categories.isEmpty()) {
                all = true;
            } else {
                for (String c : l.categories) {
                    if (OURS.contains(c)) {
                        categories.add(c);
                    }
                }
            }
            if (!l.scope.isEmpty() || !l.reasonCode.isEmpty()) {
                reason.append(", ")
                        .append(l.scope.isEmpty() ? "" : l.scope)
                        .append(l.reasonCode.isEmpty() ? "" : ":" + l.reasonCode);
            }
        }
        reason.append(')');
        return Outcome.rateLimited(status, wait, all ? null : categories, reason.toString());
    }
}
