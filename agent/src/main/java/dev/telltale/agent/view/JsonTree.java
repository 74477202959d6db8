package dev.telltale.agent.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain maps, lists, strings, numbers and booleans, and reads values out of them
 * leniently: the viewer and the ingest see files and envelopes written by other versions and other
 * SDKs (pretty-printed or not, empty objects dropped or not), so a missing or odd-typed field is
 * an empty value, never an exception.
 */
final class JsonTree {
    static final JsonFactory FACTORY = new JsonFactory();
    /** Nesting beyond this is not read further (a hostile file cannot exhaust the stack). */
    private static final int MAX_DEPTH = 64;

    private JsonTree() {
    }

    static Object parse(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty document");
            }
            return value(p, t, 0);
        }
    }

    static Object parse(byte[] bytes) throws IOException {
        return parse(bytes, 0, bytes.length);
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        switch (t) {
            case START_OBJECT: {
                if (depth > MAX_DEPTH) {
                    p.skipChildren();
                    return Collections.emptyMap();
                }
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    m.put(name, value(p, p.nextToken(), depth + 1));
                }
                return m;
            }
            case START_ARRAY: {
                if (depth > MAX_DEPTH) {
                    p.skipChildren();
                    return Collections.emptyList();
                }
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY && n != null) {
                    l.add(value(p, n, depth + 1));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t);
        }
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
