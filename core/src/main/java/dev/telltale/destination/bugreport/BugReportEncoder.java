package dev.telltale.destination.bugreport;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.destination.support.StackText;
import dev.telltale.destination.support.Urgency;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.SdkInfo;
import dev.telltale.internal.TraceLink;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.util.Map;

/**
 * The body of {@code POST {base}/bug-reports/auto}. The service merges reports with the same
 * {@code errorMessage} and {@code source} within 24 hours, so {@code errorMessage} is exactly the
 * application's message: nothing per occurrence (ids, times) is ever added to it.
 */
final class BugReportEncoder {
    static final int MAX_MESSAGE = 2_000;
    static final int MAX_STACK = 32_000;
    static final int MAX_TITLE = 200;
    /** Tag an application sets to choose the {@code errorCode} ({@code ETIMEDOUT}, {@code PAY-17}). */
    static final String ERROR_CODE_TAG = "errorCode";

    private final String source;
    private final String workspaceId;
    private final String spaceId;

    BugReportEncoder(String source, String workspaceId, String spaceId) {
        this.source = source;
        this.workspaceId = workspaceId;
        this.spaceId = spaceId;
    }

    byte[] encode(Event e) throws IOException {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("source", source);
            g.writeStringField("errorMessage", errorMessage(e));
            Json.stringIfPresent(g, "errorStack", errorStack(e));
            Json.stringIfPresent(g, "errorCode", errorCode(e));
            g.writeStringField("title", Strings.clean(e.title().isEmpty() ? errorMessage(e) : e.title(), MAX_TITLE));
            g.writeStringField("severity", severity(e));
            Json.stringIfPresent(g, "workspaceId", workspaceId);
            Json.stringIfPresent(g, "spaceId", spaceId);
            context(g, e);
            metadata(g, e);
            g.writeStringField("occurredAt", Json.iso(e.timestamp()));
            journey(g, e);
            g.writeEndObject();
        });
    }

    /**
     * The thrown exception's message (its type when it has none); for a message event its template
     * ({@code "Order {} failed"}), so that occurrences differing only in their arguments merge
     * (the formatted message goes into the title and {@code metadata.message}).
     */
    static String errorMessage(Event e) {
        ExceptionInfo top = e.leadException(); // not a wrapper: ExecutionException would merge unrelated failures
        String m;
        if (top != null) {
            m = top.message().isEmpty() ? top.type() : top.message();
        } else {
            m = e.messageTemplate().isEmpty() ? e.message() : e.messageTemplate();
        }
        return Strings.clean(m, MAX_MESSAGE);
    }

    /** The exception chain as the JVM prints it; for a message event, the caller's stack. */
    static String errorStack(Event e) {
        return e.exceptions().isEmpty()
                ? StackText.ofThread(e.threadName(), e.threadFrames(), MAX_STACK)
                : StackText.of(e.exceptions(), MAX_STACK);
    }

    static String errorCode(Event e) {
        String code = e.tags().get(ERROR_CODE_TAG);
        if (code != null && !code.trim().isEmpty()) {
            return code.trim();
        }
        ExceptionInfo top = e.leadException();
        return top == null ? "" : top.type();
    }

    /** The bug-report severity: critical, high, medium or low, on the scale Bugnet's priority shares. */
    static String severity(Event e) {
        return Urgency.of(e);
    }

    private static void context(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("context");
        RequestInfo r = e.request();
        if (!r.isEmpty()) {
            Json.stringIfPresent(g, "endpoint", !r.route().isEmpty() ? r.route() : path(r.url()));
            Json.stringIfPresent(g, "method", r.method());
            Json.stringIfPresent(g, "url", r.url());
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                if (h.getKey().equalsIgnoreCase("User-Agent")) {
                    g.writeStringField("userAgent", h.getValue());
                    break;
                }
            }
        }
        if (!e.tags().isEmpty()) {
            Json.stringMapField(g, "tags", e.tags());
        }
        Json.stringIfPresent(g, "logger", e.logger());
        Map<String, String> trace = e.contexts().get(TraceLink.CONTEXT);
        if (trace != null && trace.containsKey("trace_id")) {
            g.writeObjectFieldStart("trace");
            Json.stringIfPresent(g, "traceId", trace.get("trace_id"));
            Json.stringIfPresent(g, "spanId", trace.get("span_id"));
            g.writeEndObject();
        }
        Json.stringIfPresent(g, "thread", e.threadName());
        if (e.threadId() >= 0) {
            g.writeNumberField("threadId", e.threadId());
        }
        User u = e.user();
        if (!u.id().isEmpty() || !u.username().isEmpty() || !u.email().isEmpty()) {
            g.writeObjectFieldStart("user");
            Json.stringIfPresent(g, "id", u.id());
            Json.stringIfPresent(g, "username", u.username());
            Json.stringIfPresent(g, "email", u.email());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void metadata(JsonGenerator g, Event e) throws IOException {
        Platform p = e.platform();
        g.writeObjectFieldStart("metadata");
        g.writeStringField("runtime", (p.runtimeName() + " " + p.runtimeVersion()).trim());
        Json.stringIfPresent(g, "runtimeVendor", p.runtimeVendor());
        String arch = p.osArch().isEmpty() ? "" : " (" + p.osArch() + ")";
        Json.stringIfPresent(g, "os", (p.osName() + " " + p.osVersion() + arch).trim());
        Json.stringIfPresent(g, "release", e.release());
        Json.stringIfPresent(g, "environment", e.environment());
        Json.stringIfPresent(g, "host", e.serverName());
        g.writeStringField("eventId", e.eventId());
        if (e.primaryException() == null && !e.message().equals(errorMessage(e))) {
            Json.stringIfPresent(g, "message", e.message());
        }
        g.writeStringField("level", e.level().wireName());
        g.writeStringField("mechanism", e.mechanism().type());
        g.writeBooleanField("handled", e.handled());
        g.writeStringField("sdk", SdkInfo.get().toString());
        if (!e.wrappers().isEmpty()) {
            g.writeArrayFieldStart("wrappedBy");
            for (ExceptionInfo w : e.wrappers()) {
                g.writeString(
                        w.frames().isEmpty()
                                ? w.toString()
                                : w + " at " + w.frames().get(0));
            }
            g.writeEndArray();
        }
        if (!e.extra().isEmpty()) {
            Json.stringMapField(g, "extra", e.extra());
        }
        if (!e.contexts().isEmpty()) {
            g.writeObjectFieldStart("contexts");
            for (Map.Entry<String, Map<String, String>> c : e.contexts().entrySet()) {
                Json.stringMapField(g, c.getKey(), c.getValue());
            }
            g.writeEndObject();
        }
        if (!e.fingerprint().isEmpty()) {
            Json.stringArrayField(g, "fingerprint", e.fingerprint());
        }
        g.writeEndObject();
    }

    /** In the shape the service stores it: {@code {recentActions: [{id, source, summary, timestamp}], sessionStartedAt}}. */
    private static void journey(JsonGenerator g, Event e) throws IOException {
        if (e.journey().isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("userJourney");
        Json.journeyActionsField(g, "recentActions", e.journey().recentActions());
        if (e.journey().sessionStartedAt() > 0) {
            g.writeStringField("sessionStartedAt", Json.iso(e.journey().sessionStartedAt()));
        }
        g.writeEndObject();
    }

    private static String path(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }
}
