package dev.telltale.agent.view;

import com.fasterxml.jackson.core.JsonFactory;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads values out of parsed JSON leniently, the viewer's way: the viewer and the ingest see files
 * and envelopes written by other versions and other SDKs (pretty-printed or not, empty objects
 * dropped or not), so a missing or odd-typed field is an empty value, never an exception.
 */
final class JsonTree {
    static final JsonFactory FACTORY = Json.FACTORY;

    private JsonTree() {}

    /** Parsed by core's one reader ({@link JsonReader}: maps, lists, scalars; deep nesting skipped). */
    static Object parse(byte[] bytes, int offset, int length) throws IOException {
        return JsonReader.parse(bytes, offset, length);
    }

    static Object parse(byte[] bytes) throws IOException {
        return JsonReader.parse(bytes);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return v instanceof Map ? (Map<String, Object>) v : Collections.<String, Object>emptyMap();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        if (v instanceof Map) {
            v = ((Map<String, Object>) v).get("values"); // Sentry's {"values": [...]} shape
        }
        return v instanceof List ? (List<Object>) v : Collections.emptyList();
    }

    /** A scalar as text ("" when absent or not a scalar). */
    @SuppressWarnings("unchecked")
    static String str(Object o, String key) {
        Object v = o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
        return scalar(v);
    }

    static String scalar(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    static Object get(Object o, String key) {
        return o instanceof Map ? ((Map<String, Object>) o).get(key) : null;
    }

    /** A list of scalars as text, empty ones kept (lines of source). */
    @SuppressWarnings("unchecked")
    static List<String> texts(Object o, String key) {
        Object v = get(o, key);
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            for (Object x : (List<Object>) v) {
                out.add(scalar(x));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o, String key) {
        Object v = get(o, key);
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            for (Object x : (List<Object>) v) {
                String s = scalar(x);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
