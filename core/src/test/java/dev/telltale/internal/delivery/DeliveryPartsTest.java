package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Payload;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPartsTest {
    @Test
    void backoffDoublesWithJitterUpToItsCap() {
        Backoff b = new Backoff(1_000, 300_000);
        assertEquals(1_000, b.ceiling(1));
        assertEquals(2_000, b.ceiling(2));
        assertEquals(256_000, b.ceiling(9));
        assertEquals(300_000, b.ceiling(10));
        assertEquals(300_000, b.ceiling(1_000));
        boolean varied = false;
        long first = b.delay(5);
        for (int i = 0; i < 200; i++) {
            long d = b.delay(5);
            assertTrue(d >= 8_000 && d <= 16_000, "in [ceiling/2, ceiling]: " + d);
            varied |= d != first;
        }
        assertTrue(varied, "jittered");
    }

    private static HttpResponse response(String remaining, String reset) {
        Map<String, String> h = new HashMap<>();
        if (remaining != null) {
            h.put("X-RateLimit-Remaining", remaining);
        }
        if (reset != null) {
            h.put("x-ratelimit-reset", reset);
        }
        return new HttpResponse(200, h, new byte[0]);
    }

    @Test
    void exhaustedQuotaHeadersAreReadAsSecondsOrEpochSeconds() {
        long now = 1_700_000_000_000L;
        assertEquals(5_000, LaneTransport.exhaustedFor(response("0", "5"), now));
        assertEquals(30_000, LaneTransport.exhaustedFor(response("0", "1700000030"), now));
        assertEquals(-1, LaneTransport.exhaustedFor(response("3", "5"), now), "quota left");
        assertEquals(-1, LaneTransport.exhaustedFor(response("0", null), now));
        assertEquals(-1, LaneTransport.exhaustedFor(response(null, "5"), now));
        assertEquals(-1, LaneTransport.exhaustedFor(response("0", "soon"), now));
        assertEquals(
                0, LaneTransport.exhaustedFor(response("0", "1600000000"), now), "a reset in the past waits nothing");
        assertEquals(LaneTransport.MAX_RESET_MILLIS, LaneTransport.exhaustedFor(response("0", "99999999"), now));
    }

    @Test
    void rateLimitsBlockTheirCategoriesOrEverythingUntilTheyEnd() {
        RateLimits r = new RateLimits();
        long now = 0;
        r.block(Collections.singleton("error"), 1_000, now);
        assertTrue(r.blocked("error", now));
        assertFalse(r.blocked("session", now));
        r.block(Collections.<String>emptySet(), 500, now);
        assertTrue(r.blocked("session", now + 1));
        assertFalse(r.blocked("session", now + 500_000_001L));
        assertTrue(r.blocked("error", now + 500_000_001L));
        r.block(Collections.singleton("error"), 10, now); // never shortens
        assertTrue(r.blocked("error", now + 900_000_000L));
        assertFalse(r.any(now + 1_000_000_001L));
    }

    @Test
    void outboxFileNamesSortBySequenceAndCarryNoSecret() {
        Payload p = new Payload(
                "0123456789abcdef0123456789abcdef", Payload.CATEGORY_SESSION, "application/json", new byte[1], 0);
        String a = Outbox.fileName(42, p);
        String b = Outbox.fileName(1_000_000_000_000_000L, p);
        assertTrue(a.compareTo(b) < 0);
        assertEquals(42, Outbox.seqOf(a));
        assertEquals("session", Outbox.categoryOf(a));
        String odd = Outbox.fileName(7, new Payload("../../etc/passwd key=SECRET", "we/ird", "x", new byte[0], 0));
        assertTrue(odd.matches("\\d{19}-weird-etcpasswdkeysecret\\.tlo"), odd);
        assertEquals(16, Lane.laneId("sentry(127.0.0.1:9000/3)").length());
        assertEquals(Lane.laneId("a"), Lane.laneId("a"));
    }
}
