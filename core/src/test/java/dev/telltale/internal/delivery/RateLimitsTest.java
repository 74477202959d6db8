package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void aFloodOfCategoryNamesIsBoundedYetALimitOnEverythingStillApplies() {
        RateLimits limits = new RateLimits();
        Set<String> flood = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            flood.add("made-up-" + i);
        }
        limits.block(Collections.singleton("error"), 60_000, 0L);
        limits.block(flood, 60_000, 0L);
        assertTrue(limits.blocked("error", 1L), "a limit set before the flood holds");
        assertFalse(limits.blocked("default", 1L));
        limits.block(null, 60_000, 0L);
        assertTrue(limits.blocked("default", 1L), "a limit on everything is never refused");
        assertFalse(limits.any(61_000_000_000L), "all expire");
    }

    @Test
    void expiredLimitsMakeRoomForNewCategories() {
        RateLimits limits = new RateLimits();
        Set<String> many = new HashSet<>();
        for (int i = 0; i < RateLimits.MAX_CATEGORIES; i++) {
            many.add("c" + i);
        }
        limits.block(many, 1_000, 0L);
        limits.block(Collections.singleton("error"), 1_000, 0L);
        assertFalse(limits.blocked("error", 1L), "no room while the others last");
        long later = 2_000_000_000L;
        limits.block(Collections.singleton("error"), 1_000, later);
        assertTrue(limits.blocked("error", later + 1));
    }
}
