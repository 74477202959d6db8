package dev.telltale.processing;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Recognises a throwable captured twice (logged, then also thrown uncaught; or wrapped and
 * captured again): when the throwable or any of its causes was captured before, the new capture is
 * a duplicate. Remembers throwables weakly and boundedly, so it never keeps one alive.
 */
public final class Deduplicator {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_REMEMBERED = 4_096;

    // Throwable does not override equals/hashCode, so a WeakHashMap compares identities here.
    private final Map<Throwable, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<Throwable, Boolean>());

    /** @return true when {@code t} or one of its causes was seen before; records {@code t} either way */
    public boolean isDuplicate(Throwable t) {
        if (t == null) {
            return false;
        }
        // The depth bound also ends a cyclic cause chain; no visited-set allocation on the capture path.
        boolean duplicate = false;
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < MAX_DEPTH; depth++) {
            if (seen.containsKey(cur)) {
                duplicate = true;
                break;
            }
            try {
                cur = cur.getCause();
            } catch (Throwable e) {
                cur = null;
            }
        }
        synchronized (seen) {
            if (seen.size() >= MAX_REMEMBERED) {
                seen.clear();
            }
            seen.put(t, Boolean.TRUE);
        }
        return duplicate;
    }
}
