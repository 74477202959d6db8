package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lane's retry and rate-limit policy on fake time: no server, no sleeping. */
class RetryPolicyTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RetryPolicy policy = new RetryPolicy(new Backoff(1_000, 8_000), 60_000, clock::get);

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void backsOffWithJitterAndGrowsUntilTheCap() {
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 8_000};
        for (long ceiling : ceilings) {
            long delay = policy.failed(-1);
            assertTrue(delay >= ceiling / 2 && delay <= ceiling, "delay " + delay + " for ceiling " + ceiling);
            assertEquals(TimeUnit.MILLISECONDS.toNanos(delay), policy.backoffLeft(policy.now()));
            advance(delay);
            assertEquals(0, policy.backoffLeft(policy.now()), "may try again once the wait is over");
        }
        assertTrue(policy.beginOutage());
        assertFalse(policy.beginOutage(), "one outage, one warning");
        assertEquals(5, policy.delivered(), "the failed attempts of the outage it ends");
        assertFalse(policy.failing());
        assertEquals(0, policy.delivered());
    }

    @Test
    void retryAfterIsHonouredButNeverPastTheMaximumAge() {
        assertEquals(17_000, policy.failed(17_000));
        assertEquals(60_000, policy.failed(3_600_000));
        advance(59_999);
        assertTrue(policy.backoffLeft(policy.now()) > 0);
        advance(1);
        assertEquals(0, policy.backoffLeft(policy.now()));
    }

    @Test
    void aRateLimitOnOneCategoryLetsOthersPassUntilItEnds() {
        policy.limit(Collections.singleton("error"), 30_000);
        long now = policy.now();
        assertTrue(policy.blocked("error", now));
        assertFalse(policy.blocked("session", now));
        assertTrue(policy.troubled(now));
        assertEquals(TimeUnit.SECONDS.toNanos(30), policy.nanosUntilNextLimitEnds(now));
        advance(30_001);
        assertFalse(policy.blocked("error", policy.now()));
        assertFalse(policy.troubled(policy.now()));
    }

    @Test
    void parkedPastADeadlineOnlyWhenNothingWillBeTriedBeforeIt() {
        long deadline = policy.now() + TimeUnit.SECONDS.toNanos(2);
        assertFalse(policy.parkedPast(deadline, policy.now()));
        policy.failed(10_000);
        assertTrue(policy.parkedPast(deadline, policy.now()));
        policy.retryNow();
        assertFalse(policy.parkedPast(deadline, policy.now()), "the fatal path tries at once");
        policy.delivered();
        policy.pauseAll(5_000);
        assertTrue(policy.parkedPast(deadline, policy.now()));
    }
}
