package dev.telltale.internal.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half and all
 * of {@code initial * 2^(n-1)}, capped at {@code max}. The random half keeps many clients that failed
 * together (a backend restart) from retrying in lockstep; the fixed half keeps the wait growing.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = Math.max(1, initialMillis);
        this.maxMillis = Math.max(this.initialMillis, maxMillis);
    }

    /** The ceiling for the {@code failures}-th consecutive failure (1-based), before jitter. */
    long ceiling(int failures) {
        int shift = Math.min(Math.max(0, failures - 1), 40);
        long d = initialMillis;
        for (int i = 0; i < shift && d < maxMillis; i++) {
            d <<= 1;
        }
        return Math.min(d, maxMillis);
    }

    /** The wait after the {@code failures}-th consecutive failure, in [ceiling/2, ceiling]. */
    long delay(int failures) {
        long c = ceiling(failures);
        long half = c / 2;
        return half + ThreadLocalRandom.current().nextLong(c - half + 1);
    }
}
