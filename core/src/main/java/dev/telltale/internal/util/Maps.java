package dev.telltale.internal.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable-collection helpers for Java 8 (no {@code Map.copyOf}). */
public final class Maps {
    private Maps() {}

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

    /** Sets {@code k} to {@code v} in the mutable {@code m}, or removes it when v is null; a null key is ignored. */
    public static <K, V> void putOrRemove(Map<K, V> m, K k, V v) {
        if (k == null) {
            return;
        }
        if (v == null) {
            m.remove(k);
        } else {
            m.put(k, v);
        }
    }

    // A caller may hand over collections holding nulls where an immutable value promises none.
    // (Iterate: contains(null) throws on the JDK's immutable collections.)

    /** An immutable copy of {@code l} without its null elements. */
    public static <T> List<T> withoutNulls(List<T> l) {
        if (l == null || l.isEmpty()) {
            return Collections.emptyList();
        }
        List<T> out = new ArrayList<>(l.size());
        for (T t : l) {
            if (t != null) {
                out.add(t);
            }
        }
        return copy(out);
    }

    /** An immutable copy of {@code m} without null keys or values. */
    public static <V> Map<String, V> withoutNulls(Map<String, V> m) {
        if (m == null || m.isEmpty()) {
            return Collections.emptyMap();
        }
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return copy(out);
    }

    /** {@link #withoutNulls(Map)} on both levels of a map of maps (a null inner map becomes empty). */
    public static Map<String, Map<String, String>> withoutNullsNested(Map<String, Map<String, String>> m) {
        LinkedHashMap<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : m.entrySet()) {
            if (e.getKey() != null) {
                out.put(e.getKey(), withoutNulls(e.getValue()));
            }
        }
        return out.isEmpty() ? Collections.<String, Map<String, String>>emptyMap() : Collections.unmodifiableMap(out);
    }
}
