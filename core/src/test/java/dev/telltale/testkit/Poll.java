package dev.telltale.testkit;

import java.util.function.BooleanSupplier;

/** Bounded waiting for tests: polls a condition until a deadline, never a bare long sleep. */
public final class Poll {
    /**
     * Every wait is stretched by this factor ({@code -Dtelltale.test.wait-scale}, 5 by default): a
     * condition that holds returns at once, so only a failing test waits longer, and a machine whose
     * one core is shared with a busy neighbour gets the time it needs.
     */
    public static final long SCALE = Math.max(1, Long.getLong("telltale.test.wait-scale", 5));

    private Poll() {}

    /** @return true as soon as {@code condition} holds, false when {@code millis} (times {@link #SCALE}) passed first */
    public static boolean until(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * SCALE * 1_000_000L;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
    }
}
