package dev.telltale.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON-tree helper of every module's tests (and of {@code bench}'s report): parses JSON with
 * Jackson core's streaming parser (core has no databind) into maps, lists, strings, longs, doubles
 * and booleans, strictly: trailing content or a duplicate key fails the parse. Then walks it by keys
 * (String) and indexes (Integer): {@link #at} fails with the path when a step is missing,
 * {@link #find} answers null.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {}

    /** Parses a whole document: exactly one complete value. */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            Object v = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the document");
            }
            return v;
        }
    }

    /** Parses a whole file: exactly one complete value. */
    public static Object parse(java.nio.file.Path file) throws IOException {
        return parse(java.nio.file.Files.readAllBytes(file));
    }

    /** Parses a document that must be an object; a parse failure is unchecked (for lambdas and streams). */
    public static Map<String, Object> object(String json) {
        try {
            return object(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Parses a document that must be an object. */
    public static Map<String, Object> object(byte[] json) throws IOException {
        Object v = parse(json);
        if (!(v instanceof Map)) {
            throw new IOException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("empty document");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, n));
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

    /** Walks keys (String) and indexes (Integer); fails with the path when something is missing. */
    public static Object at(Object root, Object... path) {
        Object cur = root;
        StringBuilder where = new StringBuilder("$");
        for (Object step : path) {
            where.append(step instanceof Integer ? "[" + step + "]" : "." + step);
            if (step instanceof Integer && cur instanceof List && (Integer) step < ((List<?>) cur).size()) {
                cur = ((List<?>) cur).get((Integer) step);
            } else if (step instanceof String && cur instanceof Map && ((Map<?, ?>) cur).containsKey(step)) {
                cur = ((Map<?, ?>) cur).get(step);
            } else {
                throw new AssertionError("no " + where + " in " + abbreviate(root));
            }
        }
        return cur;
    }

    /** Like {@link #at}, but null when a step is missing (an absent field is an answer, not a failure). */
    public static Object find(Object root, Object... path) {
        Object cur = root;
        for (Object step : path) {
            if (step instanceof Integer && cur instanceof List) {
                List<?> l = (List<?>) cur;
                int i = (Integer) step;
                cur = i >= 0 && i < l.size() ? l.get(i) : null;
            } else if (cur instanceof Map) {
                cur = ((Map<?, ?>) cur).get(step);
            } else {
                return null;
            }
        }
        return cur;
    }

    public static String str(Object root, Object... path) {
        Object v = at(root, path);
        if (!(v instanceof String)) {
            throw new AssertionError(pathOf(path) + " is not a string: " + v);
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object root, Object... path) {
        Object v = at(root, path);
        if (!(v instanceof Map)) {
            throw new AssertionError(pathOf(path) + " is not an object: " + v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object root, Object... path) {
        Object v = at(root, path);
        if (!(v instanceof List)) {
            throw new AssertionError(pathOf(path) + " is not an array: " + v);
        }
        return (List<Object>) v;
    }

    public static boolean has(Object root, Object... path) {
        try {
            at(root, path);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static String pathOf(Object[] path) {
        StringBuilder b = new StringBuilder("$");
        for (Object s : path) {
            b.append(s instanceof Integer ? "[" + s + "]" : "." + s);
        }
        return b.toString();
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
