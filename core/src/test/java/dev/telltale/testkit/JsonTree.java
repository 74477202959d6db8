package dev.telltale.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON into maps, lists, strings, numbers and booleans with Jackson's streaming parser (no databind in core). */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {
    }

    /** Parses a whole document; fails on anything but exactly one complete value. */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("empty document");
            }
            Object v = read(p, first);
            if (p.nextToken() != null) {
                throw new IOException("trailing content");
            }
            return v;
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(byte[] json) throws IOException {
        return (Map<String, Object>) parse(json);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    l.add(read(p, v));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
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

    /** Follows a path of keys and indexes: {@code at(doc, "exceptions", 0, "type")}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object doc, Object... path) {
        Object cur = doc;
        for (Object step : path) {
            if (cur == null) {
                return null;
            }
            cur = step instanceof Integer ? ((List<Object>) cur).get((Integer) step) : ((Map<String, Object>) cur).get(step);
        }
        return (T) cur;
    }
}
