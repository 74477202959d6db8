package dev.telltale.servlet;

import java.util.Map;

/** Reads JSON into maps, lists and strings: the shared test kit's {@link dev.telltale.testkit.JsonTree}. */
final class JsonTree {
    private JsonTree() {}

    static Map<String, Object> object(String json) {
        return dev.telltale.testkit.JsonTree.object(json);
    }
}
