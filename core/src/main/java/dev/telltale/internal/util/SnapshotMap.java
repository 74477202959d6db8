package dev.telltale.internal.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map written often and read as an immutable snapshot: a write is O(1) (a mutable map under a
 * lock), the snapshot is copied once after a change and shared by every read until the next one.
 * Copy-on-every-write made {@code setTag} O(tags) on the caller's thread (10,000 tags: seconds).
 */
public final class SnapshotMap<V> {
    private LinkedHashMap<String, V> live; // guarded by this; null until the first write
    private volatile Map<String, V> snapshot = Collections.emptyMap(); // null after a write

    /** Sets {@code key} to {@code value}, or removes it when {@code value} is null. */
    public synchronized void put(String key, V value) {
        if (live == null) {
            Map<String, V> s = snapshot;
            live = s == null || s.isEmpty() ? new LinkedHashMap<String, V>() : new LinkedHashMap<>(s);
        }
        if (value == null) {
            if (live.remove(key) == null && snapshot != null) {
                return; // nothing changed: keep the snapshot
            }
        } else {
            live.put(key, value);
        }
        snapshot = null;
    }

    /** An immutable view of the current content; the same instance until the next change. */
    public Map<String, V> snapshot() {
        Map<String, V> s = snapshot;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s == null) {
                s = live == null || live.isEmpty()
                        ? Collections.<String, V>emptyMap()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(live));
                snapshot = s;
            }
            return s;
        }
    }

    /** Replaces the content with an immutable snapshot taken from another map (no copy now). */
    public synchronized void reset(Map<String, V> immutable) {
        live = null;
        snapshot = immutable;
    }
}
