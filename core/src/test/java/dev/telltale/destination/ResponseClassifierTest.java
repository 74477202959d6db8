package dev.telltale.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {
    private static final long NOW = 1_700_000_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT

    private static Outcome classify(int status, String retryAfter) {
        return ResponseClassifier.classify(
                new HttpResponse(status, retryAfter == null ? Map.of() : Map.of("retry-after", retryAfter), null), NOW);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void successIsDelivered(int status) {
        assertEquals(Outcome.Kind.DELIVERED, classify(status, null).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void transientStatusesAreRetried(int status) {
        Outcome o = classify(status, null);
        assertEquals(Outcome.Kind.RETRY, o.kind());
        assertEquals(status, o.status());
        assertEquals(-1, o.retryAfterMillis());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422, 302})
    void otherStatusesAreDropped(int status) {
        assertEquals(Outcome.Kind.DROP, classify(status, null).kind());
    }

    @Test
    void payloadTooLargeIsItsOwnKind() {
        assertEquals(Outcome.Kind.TOO_LARGE, classify(413, null).kind());
    }

    @Test
    void rateLimitHonoursRetryAfterSecondsAndDatesElseTheDefault() {
        assertEquals(30_000, classify(429, "30").retryAfterMillis());
        assertEquals(Outcome.Kind.RATE_LIMITED, classify(429, "30").kind());
        assertEquals(120_000, classify(429, "Tue, 14 Nov 2023 22:15:20 GMT").retryAfterMillis());
        assertEquals(
                ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS,
                classify(429, null).retryAfterMillis());
        assertEquals(
                ResponseClassifier.DEFAULT_RATE_LIMIT_MILLIS,
                classify(429, "soon").retryAfterMillis());
        assertTrue(classify(429, "30").categories().isEmpty(), "empty means every category");
    }

    @Test
    void serverErrorMayAlsoSayWhenToRetry() {
        assertEquals(5_000, classify(503, " 5 ").retryAfterMillis());
    }

    @Test
    void retryAfterEdgeCases() {
        assertEquals(-1, ResponseClassifier.parseRetryAfter(null, NOW));
        assertEquals(-1, ResponseClassifier.parseRetryAfter("", NOW));
        assertEquals(-1, ResponseClassifier.parseRetryAfter("-3", NOW));
        assertEquals(-1, ResponseClassifier.parseRetryAfter("NaN", NOW));
        assertEquals(1_500, ResponseClassifier.parseRetryAfter("1.5", NOW));
        assertEquals(
                0, ResponseClassifier.parseRetryAfter("Mon, 13 Nov 2023 00:00:00 GMT", NOW), "a past date means now");
        assertEquals(-1, ResponseClassifier.parseRetryAfter("Tue, 14 Nov 2023 22:15:20 GMT trailing", NOW));
    }

    @Test
    void headersAreCaseInsensitiveAndNullsSkipped() {
        java.util.HashMap<String, String> h = new java.util.HashMap<>();
        h.put("Retry-After", "7");
        h.put(null, "x");
        h.put("X-Null", null);
        HttpResponse r = new HttpResponse(429, h, null);
        assertEquals("7", r.header("retry-after"));
        assertEquals("7", r.header("RETRY-AFTER"));
        assertNull(r.header("x-null"));
        assertEquals(0, r.body().length);
        assertTrue(!r.isSuccess());
    }

    @Test
    void outcomeTextIsShortAndSaysWhy() {
        assertEquals(
                "RATE_LIMITED (HTTP 429): rate limited (HTTP 429), retry after 30000 ms",
                classify(429, "30").toString());
        assertEquals("DELIVERED: delivered", Outcome.delivered().toString());
    }

    @Test
    void retryAfterIsCappedAtADay() {
        assertEquals(
                ResponseClassifier.MAX_RETRY_AFTER_MILLIS,
                classify(429, "99999999999").retryAfterMillis());
        assertEquals(
                ResponseClassifier.MAX_RETRY_AFTER_MILLIS,
                classify(429, "Infinity").retryAfterMillis());
        assertEquals(
                ResponseClassifier.MAX_RETRY_AFTER_MILLIS,
                classify(429, "Fri, 01 Jan 2100 00:00:00 GMT").retryAfterMillis());
    }
}
