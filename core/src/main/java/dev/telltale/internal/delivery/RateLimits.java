package dev.telltale.internal.delivery;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The rate limits one destination is under: per category, or for everything ({@link #ALL}), each
 * until a deadline on the {@link System#nanoTime()} clock. Guarded by the owning lane's monitor.
 */
final class RateLimits {
    static final String ALL = "*";
    /**
     * Distinct categories remembered at most: the names come from the server's answers, and a
     * destination sends only a handful of categories, so a flood of new names must not grow this map.
     */
    static final int MAX_CATEGORIES = 64;

    private final Map<String, Long> until = new HashMap<>();

    /** Blocks {@code categories} (all when empty) for {@code millis} from {@code now}; never shortens a limit. */
    void block(Set<String> categories, long millis, long now) {
        long deadline = now + Math.max(0, millis) * 1_000_000L;
        expire(now); // ended limits make room first
        if (categories == null || categories.isEmpty()) {
            extend(ALL, deadline);
        } else {
            for (String c : categories) {
                extend(c, deadline);
            }
        }
    }

    private void extend(String category, long deadline) {
        Long old = until.get(category);
        if (old == null && !ALL.equals(category) && until.size() >= MAX_CATEGORIES) {
            return; // a category over the bound is left unlimited: the server will answer 429 again
        }
        if (old == null || old - deadline < 0) {
            until.put(category, deadline);
        }
    }

    /** Whether a payload of {@code category} may not be sent at {@code now}. */
    boolean blocked(String category, long now) {
        expire(now);
        return until.containsKey(ALL) || until.containsKey(category);
    }

    /** Whether everything is blocked from {@code now} until after {@code deadline}. */
    boolean allBlockedPast(long deadline, long now) {
        expire(now);
        Long all = until.get(ALL);
        return all != null && all - deadline > 0;
    }

    boolean any(long now) {
        expire(now);
        return !until.isEmpty();
    }

    /** Nanoseconds until the earliest limit ends, or -1 when none is active. */
    long nanosUntilNextEnd(long now) {
        expire(now);
        long best = -1;
        for (Long d : until.values()) {
            long left = d - now;
            if (best < 0 || left < best) {
                best = left;
            }
        }
        return best;
    }

    private void expire(long now) {
        for (Iterator<Long> it = until.values().iterator(); it.hasNext(); ) {
            if (it.next() - now <= 0) {
                it.remove();
            }
        }
    }
}
