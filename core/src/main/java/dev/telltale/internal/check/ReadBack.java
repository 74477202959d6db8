package dev.telltale.internal.check;

import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.ResponseClassifier;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the canary through one backend's read API. One call of {@link #find} is one look (a few
 * requests); the caller polls until the canary is visible, a permanent failure, or the deadline.
 */
abstract class ReadBack {
    /** Pages read per look: the canary is recent, so it is on the first pages when it is there at all. */
    static final int MAX_PAGES = 3;

    final ReadApiUri api;

    ReadBack(ReadApiUri api) {
        this.api = api;
    }

    /** @return where the canary is, or null when it is not visible yet */
    abstract Sighting find(Canary canary, CheckHttp http) throws IOException, ReadFailure;

    /** Secret-free, e.g. {@code bugsink-api(bugsink.example.com)}. */
    String describe() {
        return api.toString();
    }

    Map<String, String> bearer() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + api.token);
        h.put("Accept", "application/json");
        return h;
    }

    /** Returns a 2xx answer's parsed JSON; anything else becomes a {@link ReadFailure}. */
    Object json(HttpResponse r, String what) throws ReadFailure {
        ok(r, what);
        try {
            return JsonReader.parse(r.body());
        } catch (IOException e) {
            throw new ReadFailure(what + ": the answer is not JSON", false, -1);
        }
    }

    void ok(HttpResponse r, String what) throws ReadFailure {
        int s = r.status();
        if (s >= 200 && s < 300) {
            return;
        }
        long now = System.currentTimeMillis();
        if (s == 429) {
            long wait = resetMillis(r.header("X-RateLimit-Reset"), now);
            if (wait < 0) {
                wait = ResponseClassifier.parseRetryAfter(r.header("Retry-After"), now);
            }
            throw new ReadFailure(what + ": rate-limited (HTTP 429)", false, wait < 0 ? 5_000 : wait);
        }
        if (s == 401 || s == 403) {
            throw new ReadFailure(
                    what + ": the token was refused (HTTP " + s + "); check the " + api.kind + " token in read-api",
                    true,
                    -1);
        }
        if (s == 404) {
            throw new ReadFailure(
                    what + ": not found (HTTP 404); check the " + api.kind + " URI's path " + notFoundHint(), true, -1);
        }
        if (s >= 500 || s == 408) {
            throw new ReadFailure(what + ": HTTP " + s, false, -1);
        }
        throw new ReadFailure(what + ": refused with HTTP " + s, true, -1);
    }

    /** What a 404 usually means for this API. */
    String notFoundHint() {
        return "(" + api + ")";
    }

    /** X-RateLimit-Reset: epoch seconds, or seconds from now when small. -1 when absent. */
    static long resetMillis(String value, long now) {
        if (value == null) {
            return -1;
        }
        try {
            long v = (long) Double.parseDouble(value.trim());
            if (v <= 0) {
                return -1;
            }
            long ms = v > 1_000_000_000L ? v * 1000L - now : v * 1000L;
            return Math.max(0, ms);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
