package dev.telltale.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Bugsink (2.x) shows of a Sentry event, re-read from its public source (events/utils.py,
 * issues/utils.py, events/markdown_stacktrace.py) so that a rendering regression shows without a
 * live server: the title, the grouping key's type and value, and the stack-trace tab as text.
 * Sentry reads the same fields the same way for the title (the last exception value is the main one).
 */
public final class BugsinkView {
    private final JsonNode event;

    public BugsinkView(JsonNode event) {
        this.event = event;
    }

    /** {@code exception}/{@code threads} values, either as a list or as {@code {"values": [...]}}. */
    static List<JsonNode> values(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = n == null || n.isMissingNode() || n.isNull() ? null : n.isArray() ? n : n.path("values");
        if (v != null) {
            v.forEach(out::add);
        }
        return out;
    }

    /** The main exception: the last value (Bugsink and Sentry alike); null for a message event. */
    public JsonNode mainException() {
        List<JsonNode> xs = values(event.path("exception"));
        return xs.isEmpty() ? null : xs.get(xs.size() - 1);
    }

    /** The issue's title: {@code Type: first line of value}, or the log message's first line. */
    public String title() {
        JsonNode main = mainException();
        if (main != null) {
            String type = main.path("type").asText("Error");
            String value = main.path("value").asText("");
            return value.isEmpty() ? type : type + ": " + value.split("\\R", -1)[0];
        }
        String m = event.path("logentry").path("message").asText("");
        if (m.isEmpty()) {
            m = event.path("logentry").path("formatted").asText("");
        }
        return m.isEmpty() ? "<no log message>" : m.split("\\R", -1)[0];
    }

    /** Threads with a non-empty stack; Bugsink shows none of them when no thread has frames. */
    public List<JsonNode> threadsWithFrames() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : values(event.path("threads"))) {
            if (t.path("stacktrace").path("frames").size() > 0) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code Thread #1: main}, as Bugsink titles a thread. */
    public static String threadTitle(JsonNode t) {
        boolean id = t.has("id") && !t.path("id").isNull();
        String name = t.path("name").asText("");
        if (id && !name.isEmpty()) {
            return "Thread #" + t.path("id").asText() + ": " + name;
        }
        return !name.isEmpty()
                ? "Thread: " + name
                : id ? "Thread #" + t.path("id").asText() : "Thread";
    }

    /**
     * The stack-trace tab as text. Exceptions first (for Java, the main exception on top: "stack of
     * plates"), each with its frames innermost first; a message event shows its thread with frames;
     * neither gives Bugsink's "No stacktrace available".
     */
    public String stacktraceTab() {
        List<JsonNode> xs = values(event.path("exception"));
        StringBuilder b = new StringBuilder();
        if (!xs.isEmpty()) {
            for (int i = xs.size() - 1; i >= 0; i--) {
                JsonNode x = xs.get(i);
                if (b.length() > 0) {
                    b.append("\n");
                }
                b.append("## ")
                        .append(x.path("type").asText())
                        .append(": ")
                        .append(x.path("value").asText(""))
                        .append('\n');
                frames(x.path("stacktrace"), b);
            }
            return b.toString();
        }
        List<JsonNode> threads = threadsWithFrames();
        if (threads.isEmpty()) {
            return "No stacktrace available for this event.";
        }
        b.append("# ").append(title()).append('\n');
        for (JsonNode t : threads) {
            b.append("## ").append(threadTitle(t)).append('\n');
            frames(t.path("stacktrace"), b);
        }
        return b.toString();
    }

    private static void frames(JsonNode stacktrace, StringBuilder b) {
        JsonNode frames = stacktrace.path("frames");
        for (int i = frames.size() - 1; i >= 0; i--) { // Sentry sends oldest first; shown innermost first
            JsonNode f = frames.get(i);
            b.append(f.path("in_app").asBoolean() ? "  [app] " : "        ")
                    .append(f.path("module").asText(""))
                    .append('.')
                    .append(f.path("function").asText(""))
                    .append(" (")
                    .append(f.path("filename").asText(""))
                    .append(':')
                    .append(f.path("lineno").asText("?"))
                    .append(")\n");
            if (f.has("context_line")) {
                b.append("          > ").append(f.path("context_line").asText()).append('\n');
            }
        }
    }

    /** Bugsink's culprit: the last frame of the main exception that is in-app (else the last frame). */
    public String culprit() {
        JsonNode main = mainException();
        JsonNode frames = main == null
                ? threadsWithFrames().isEmpty()
                        ? null
                        : threadsWithFrames().get(0).path("stacktrace").path("frames")
                : main.path("stacktrace").path("frames");
        if (frames == null || frames.size() == 0) {
            return "";
        }
        JsonNode pick = frames.get(frames.size() - 1);
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).path("in_app").asBoolean()) {
                pick = frames.get(i);
                break;
            }
        }
        return pick.path("module").asText("") + "." + pick.path("function").asText("");
    }
}
