package dev.telltale.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON written by others (a read API's answer, an event file, an envelope) into plain maps,
 * lists, strings, numbers and booleans with Jackson's streaming parser (the core has no data
 * binding), and looks values up leniently: a missing or mistyped field reads as null or empty,
 * never an exception. Nesting deeper than {@value #MAX_DEPTH} is skipped, so a hostile document
 * cannot exhaust the stack. The one reader of {@code internal.check} and the agent's viewer.
 */
public final class JsonReader {
    /** Nesting beyond this is not read further. */
    public static final int MAX_DEPTH = 64;

    private JsonReader() {}

    /** @throws IOException when the bytes are not one JSON value */
    public static Object parse(byte[] bytes) throws IOException {
        return parse(bytes, 0, bytes.length);
    }

    /** The JSON value in {@code bytes[offset, offset + length)}. */
    public static Object parse(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(bytes, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty document");
            }
            return value(p, t, 0);
        }
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
                    String name = p.currentName();
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
            case VALUE_NULL:
                return null;
            default:
                if (!t.isScalarValue()) {
                    throw new IOException("unexpected " + t);
                }
                return scalar(p, t);
        }
    }

    /**
     * The value of the scalar token {@code t} the parser stands on: a String, a Number or a
     * Boolean; null for JSON null and for a token that is no scalar (the caller skips it).
     */
    public static Object scalar(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** The object at {@code path}; empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o, String... path) {
        Object v = at(o, path);
        return v instanceof Map ? (Map<String, Object>) v : Collections.<String, Object>emptyMap();
    }

    /** The array at {@code path}; empty when absent or not an array. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o, String... path) {
        Object v = at(o, path);
        return v instanceof List ? (List<Object>) v : Collections.emptyList();
    }

    /** A string, number or boolean at {@code path} as text; null when absent or not a scalar. */
    public static String str(Object o, String... path) {
        return text(at(o, path));
    }

    /** A string, number or boolean as text; null otherwise. */
    public static String text(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
    }

    /** Walks object keys; null when a step is missing or not an object. */
    public static Object at(Object o, String... path) {
        Object cur = o;
        for (String k : path) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<?, ?>) cur).get(k);
        }
        return cur;
    }
}
