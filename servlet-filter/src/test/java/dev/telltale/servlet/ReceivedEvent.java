package dev.telltale.servlet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One event as it arrived at the loopback backend, with the accessors the tests need. */
public final class ReceivedEvent {
    private final Map<String, Object> json;

    ReceivedEvent(Map<String, Object> json) {
        this.json = json;
    }

    public Map<String, Object> json() {
        return json;
    }

    public String exceptionType() {
        List<Map<String, Object>> ex = list(json, "exceptions");
        return ex.isEmpty() ? "" : (String) ex.get(0).get("type");
    }

    public String exceptionMessage() {
        List<Map<String, Object>> ex = list(json, "exceptions");
        return ex.isEmpty() ? "" : (String) ex.get(0).get("message");
    }

    public String message() {
        Object m = json.get("message");
        return m == null ? "" : (String) m;
    }

    public Map<String, Object> mechanism() {
        return map(json, "mechanism");
    }

    public Map<String, Object> request() {
        return map(json, "request");
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> headers() {
        Object h = request().get("headers");
        return h == null ? Collections.<String, String>emptyMap() : (Map<String, String>) h;
    }

    public List<String> breadcrumbMessages() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> b : list(json, "breadcrumbs")) {
            out.add((String) b.get("message"));
        }
        return out;
    }

    public Map<String, Object> journey() {
        return map(json, "userJourney");
    }

    public List<String> journeySummaries() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> a : list(journey(), "recentActions")) {
            out.add((String) a.get("summary"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Collections.<String, Object>emptyMap() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Collections.<Map<String, Object>>emptyList() : (List<Map<String, Object>>) v;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
