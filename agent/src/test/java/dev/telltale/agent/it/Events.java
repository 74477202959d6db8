package dev.telltale.agent.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The events a forked application wrote through the core's {@code file:DIR} destination, parsed with Jackson core. */
final class Events {
    private static final JsonFactory JSON = new JsonFactory();
    private final List<Map<String, Object>> all;

    private Events(List<Map<String, Object>> all) {
        this.all = all;
    }

    static Events in(Path dir) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json")
                        && !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
            }
            for (Path f : files) {
                try (JsonParser p = JSON.createParser(f.toFile())) {
                    p.nextToken();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> e = (Map<String, Object>) value(p);
                    all.add(e);
                }
            }
        }
        return new Events(all);
    }

    List<Map<String, Object>> all() {
        return all;
    }

    /** Events whose first exception's message equals {@code message}. */
    List<Map<String, Object>> withException(String message) {
        return all.stream().filter(e -> message.equals(str(e, "exceptions", 0, "message"))).collect(Collectors.toList());
    }

    Optional<Map<String, Object>> withMessage(String message) {
        return all.stream().filter(e -> message.equals(e.get("message"))).findFirst();
    }

    /** A path into the parsed JSON: keys for objects, ints for arrays; null when absent. */
    static Object at(Object node, Object... path) {
        Object cur = node;
        for (Object step : path) {
            if (step instanceof Integer && cur instanceof List) {
                List<?> l = (List<?>) cur;
                int i = (Integer) step;
                cur = i < l.size() ? l.get(i) : null;
            } else if (cur instanceof Map) {
                cur = ((Map<?, ?>) cur).get(step);
            } else {
                return null;
            }
        }
        return cur;
    }

    static String str(Object node, Object... path) {
        Object v = at(node, path);
        return v == null ? null : String.valueOf(v);
    }

    /** Messages of the event's breadcrumbs, in order. */
    @SuppressWarnings("unchecked")
    static List<String> breadcrumbs(Map<String, Object> event) {
        List<String> out = new ArrayList<>();
        Object crumbs = event.get("breadcrumbs");
        if (crumbs instanceof List) {
            for (Object b : (List<Object>) crumbs) {
                out.add(str(b, "message"));
            }
        }
        return out;
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
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
            default:
                return null;
        }
    }
}
