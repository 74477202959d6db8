package dev.telltale.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.event.StackFrame;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Telltale's own JSON form of an event: every field of the model, nothing backend-specific. Used
 * by the file destination (the embedded default), so an outbox file is readable and complete.
 */
public final class EventJson {
    public static final String CONTENT_TYPE = "application/json";

    private EventJson() {}

    public static byte[] encode(Event e) throws IOException {
        return Json.write(g -> write(g, e));
    }

    /** Indented, one key per line: the {@code file:} destination's files are read by people. */
    public static byte[] encodePretty(Event e) throws IOException {
        return Json.write(g -> {
            g.setPrettyPrinter(new Pretty());
            write(g, e);
        });
    }

    /**
     * Two-space indent, arrays one element per line, {@code "key": value}. Built from what
     * jackson-core 2.5 already had: an application may bring an older jackson-core than ours.
     */
    static final class Pretty extends DefaultPrettyPrinter {
        Pretty() {
            indentArraysWith(new DefaultIndenter("  ", "\n"));
            indentObjectsWith(new DefaultIndenter("  ", "\n"));
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Pretty();
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }
    }

    public static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField("eventId", e.eventId());
        g.writeStringField("timestamp", Json.iso(e.timestamp()));
        g.writeStringField("level", e.level().wireName());
        g.writeObjectFieldStart("mechanism");
        g.writeStringField("type", e.mechanism().type());
        g.writeBooleanField("handled", e.mechanism().handled());
        g.writeEndObject();
        g.writeStringField("title", e.title());
        Json.stringIfPresent(g, "messageTemplate", e.messageTemplate());
        Json.stringIfPresent(g, "message", e.message());
        Json.stringIfPresent(g, "logger", e.logger());
        Json.stringIfPresent(g, "thread", e.threadName());
        if (e.threadId() >= 0) {
            g.writeNumberField("threadId", e.threadId());
        }
        Json.stringIfPresent(g, "release", e.release());
        Json.stringIfPresent(g, "environment", e.environment());
        Json.stringIfPresent(g, "serverName", e.serverName());
        if (!e.threadFrames().isEmpty()) {
            g.writeArrayFieldStart("threadFrames"); // a message event's caller, innermost first
            for (StackFrame f : e.threadFrames()) {
                frame(g, f);
            }
            g.writeEndArray();
        }
        ExceptionInfo lead = e.leadException();
        if (lead != null && lead != e.primaryException()) {
            g.writeNumberField("leadException", lead.id()); // the thrown one only wraps it
        }
        g.writeArrayFieldStart("exceptions");
        for (ExceptionInfo x : e.exceptions()) {
            g.writeStartObject();
            g.writeNumberField("id", x.id());
            if (x.parentId() >= 0) {
                g.writeNumberField("parentId", x.parentId());
            }
            g.writeStringField("relation", x.relation().name().toLowerCase(Locale.ROOT));
            g.writeStringField("type", x.type());
            g.writeStringField("message", x.message());
            if (x.framesOmitted() > 0) {
                g.writeNumberField("framesOmitted", x.framesOmitted());
                g.writeNumberField("omittedAt", x.omittedAt());
            }
            if (x.framesInCommon() > 0) {
                g.writeNumberField("framesInCommon", x.framesInCommon());
            }
            if (x.causesOmitted() > 0) {
                g.writeNumberField("causesOmitted", x.causesOmitted());
            }
            g.writeArrayFieldStart("frames");
            for (StackFrame f : x.frames()) {
                frame(g, f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("breadcrumbs");
        for (Breadcrumb b : e.breadcrumbs()) {
            g.writeStartObject();
            g.writeStringField("timestamp", Json.iso(b.timestamp()));
            g.writeStringField("type", b.type());
            Json.stringIfPresent(g, "category", b.category());
            g.writeStringField("level", b.level().wireName());
            g.writeStringField("message", b.message());
            if (!b.data().isEmpty()) {
                Json.stringMapField(g, "data", b.data());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!e.journey().isEmpty()) {
            writeJourney(g, e);
        }
        if (!e.user().isEmpty()) {
            g.writeObjectFieldStart("user");
            Json.stringIfPresent(g, "id", e.user().id());
            Json.stringIfPresent(g, "username", e.user().username());
            Json.stringIfPresent(g, "email", e.user().email());
            Json.stringIfPresent(g, "ipAddress", e.user().ipAddress());
            if (!e.user().data().isEmpty()) {
                Json.stringMapField(g, "data", e.user().data());
            }
            g.writeEndObject();
        }
        if (!e.tags().isEmpty()) {
            Json.stringMapField(g, "tags", e.tags());
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
        RequestInfo r = e.request();
        if (!r.isEmpty()) {
            g.writeObjectFieldStart("request");
            Json.stringIfPresent(g, "method", r.method());
            Json.stringIfPresent(g, "url", r.url());
            Json.stringIfPresent(g, "queryString", r.queryString());
            Json.stringIfPresent(g, "route", r.route());
            Json.stringIfPresent(g, "clientAddress", r.clientAddress());
            Json.stringIfPresent(g, "userPrincipal", r.userPrincipal());
            Json.stringMapField(g, "headers", r.headers());
            g.writeEndObject();
        }
        Platform p = e.platform();
        g.writeObjectFieldStart("runtime");
        g.writeStringField("name", p.runtimeName());
        g.writeStringField("version", p.runtimeVersion());
        g.writeStringField("vendor", p.runtimeVendor());
        g.writeEndObject();
        g.writeObjectFieldStart("os");
        g.writeStringField("name", p.osName());
        g.writeStringField("version", p.osVersion());
        g.writeStringField("arch", p.osArch());
        g.writeEndObject();
        if (!e.fingerprint().isEmpty()) {
            Json.stringArrayField(g, "fingerprint", e.fingerprint());
        }
        g.writeEndObject();
    }

    private static void frame(JsonGenerator g, StackFrame f) throws IOException {
        g.writeStartObject();
        g.writeStringField("class", f.className());
        g.writeStringField("method", f.methodName());
        Json.stringIfPresent(g, "file", f.fileName());
        if (f.lineNumber() >= 0) {
            g.writeNumberField("line", f.lineNumber());
        }
        if (f.isNative()) {
            g.writeBooleanField("native", true);
        }
        g.writeBooleanField("inApp", f.inApp());
        if (f.hasSource()) {
            g.writeObjectFieldStart("source");
            Json.stringArrayField(g, "before", f.preContext());
            g.writeStringField("line", f.contextLine());
            Json.stringArrayField(g, "after", f.postContext());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeJourney(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("userJourney");
        if (e.journey().sessionStartedAt() > 0) {
            g.writeStringField("sessionStartedAt", Json.iso(e.journey().sessionStartedAt()));
        }
        Json.journeyActionsField(g, "recentActions", e.journey().recentActions());
        g.writeEndObject();
    }
}
