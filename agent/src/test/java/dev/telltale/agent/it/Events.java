package dev.telltale.agent.it;

import dev.telltale.testkit.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The events a forked application wrote through the core's {@code file:DIR} destination, read with the shared test kit. */
final class Events {
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
                                && !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .collect(Collectors.toList());
            }
            for (Path f : files) {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) JsonTree.parse(f);
                all.add(e);
            }
        }
        return new Events(all);
    }

    List<Map<String, Object>> all() {
        return all;
    }

    /** Events whose first exception's message equals {@code message}. */
    List<Map<String, Object>> withException(String message) {
        return all.stream()
                .filter(e -> message.equals(str(e, "exceptions", 0, "message")))
                .collect(Collectors.toList());
    }

    Optional<Map<String, Object>> withMessage(String message) {
        return all.stream().filter(e -> message.equals(e.get("message"))).findFirst();
    }

    /** A path into the parsed JSON: keys for objects, ints for arrays; null when absent. */
    static Object at(Object node, Object... path) {
        return JsonTree.find(node, path);
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
}
