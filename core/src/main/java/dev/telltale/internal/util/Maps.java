package dev.telltale.internal.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable-collection helpers for Java 8 (no {@code Map.copyOf}). */
public final class Maps {
    private Maps() {
    }

    public static <K, V> Map<K, V> copy(Map<K, V> m) {
        if (m == null || m.isEmpty()) {
            return Collections.emptyMap();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static <T> List<T> copy(List<T> l) {
        if (l == null || l.isEmpty()) {
            return Collections.emptyList();
        }
        return Collections.unmodifiableList(new ArrayList<>(l));
    }

    /** Returns a new immutable map: {@code m} with {@code k} set to {@code v} (or removed when v is null). */
    public static <K, V> Map<K, V> with(Map<K, V> m, K k, V v) {
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(m);
        if (v == null) {
            copy.remove(k);
        } else {
            copy.put(k, v);
        }
        return copy.isEmpty() ? Collections.<K, V>emptyMap() : Collections.unmodifiableMap(copy);
    }

    /** Layers {@code top} over {@code base}; either may be empty. */
    public static <K, V> Map<K, V> merge(Map<K, V> base, Map<K, V> top) {
        if (top.isEmpty()) {
            return base;
        }
        if (base.isEmpty()) {
            return top;
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(base);
        copy.putAll(top);
        return Collections.unmodifiableMap(copy);
    }
}
