package dev.telltale.internal.delivery;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A lane's retry state: consecutive failures and when to try again (backoff with jitter, or the
 * server's {@code Retry-After}), and rate limits per category. Time comes from the clock given to the
 * constructor (nanoseconds, {@code System::nanoTime} in production), so the policy is tested on fake
 * time. Not thread-safe: the lane guards it with its monitor.
 */
final class RetryPolicy {
    private final Backoff backoff;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final RateLimits limits = new RateLimits();
    private int failures;
    private long retryAt;
    private boolean outage;

    RetryPolicy(Backoff backoff, long maxAgeMillis, LongSupplier clock) {
        this.backoff = backoff;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    int failures() {
        return failures;
    }

    boolean failing() {
        return failures > 0;
    }

    /** Nanoseconds until the backoff allows the next attempt; 0 when it may go now. */
    long backoffLeft(long now) {
        return failures > 0 && retryAt - now > 0 ? retryAt - now : 0;
    }

    /** Whether this category may not be sent now. */
    boolean blocked(String category, long now) {
        return limits.blocked(category, now);
    }

    /** Whether the lane is in trouble for any reason: failing, or some category limited. */
    boolean troubled(long now) {
        return failures > 0 || limits.any(now);
    }

    /** Nanoseconds until the next rate limit ends, or -1 when none is active. */
    long nanosUntilNextLimitEnds(long now) {
        return limits.nanosUntilNextEnd(now);
    }

    /** Whether nothing will be tried before {@code deadline}: backing off past it, or everything limited past it. */
    boolean parkedPast(long deadline, long now) {
        return (failures > 0 && retryAt - deadline > 0) || limits.allBlockedPast(deadline, now);
    }

    /** A delivery worked. @return the failed attempts of the outage it ends, or 0 when there was none */
    int delivered() {
        int ended = outage ? failures : 0;
        outage = false;
        failures = 0;
        return ended;
    }

    /** Accepted with limits for what follows (a 2xx carrying rate limits): no longer failing. */
    void clearFailures() {
        failures = 0;
    }

    /**
     * An attempt failed: the next waits {@code retryAfterMillis} when the server said so (at most
     * max-retry-age), else the backoff for this many consecutive failures.
     *
     * @return the wait in milliseconds
     */
    long failed(long retryAfterMillis) {
        failures++;
        long delay = retryAfterMillis >= 0 ? Math.min(retryAfterMillis, maxAgeMillis) : backoff.delay(failures);
        retryAt = now() + TimeUnit.MILLISECONDS.toNanos(delay);
        return delay;
    }

    /** @return true when this failure begins an outage (the first since the last delivery) */
    boolean beginOutage() {
        if (outage) {
            return false;
        }
        outage = true;
        return true;
    }

    /** Limits the given categories (all when null or empty) for {@code millis}, at most max-retry-age. */
    void limit(Set<String> categories, long millis) {
        limits.block(categories, Math.min(millis, maxAgeMillis), now());
    }

    /** Limits everything for {@code millis} as a response's quota headers asked (not capped by max-retry-age). */
    void pauseAll(long millis) {
        limits.block(null, millis, now());
    }

    /** The process is going down: one more attempt now beats a backoff it will not live to see. */
    void retryNow() {
        if (failures > 0) {
            retryAt = now();
        }
    }
}
