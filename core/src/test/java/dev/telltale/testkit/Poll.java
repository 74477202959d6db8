package dev.telltale.testkit;

import java.util.function.BooleanSupplier;

/** Bounded waiting for tests: polls a condition until a deadline, never a bare long sleep. */
public final class Poll {
    private Poll() {
    }

    /** @return true as soon as {@code condition} holds, false when {@code millis} passed first */
    public static boolean until(long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
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
