package dev.telltale.agent.view;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * A Sentry event (protocol v7, as any Sentry SDK sends it) rewritten in the file destination's
 * format, so an ingested event is a file like any other in the directory. Sentry lists chained
 * exceptions root cause first and frames outermost first; the file format is the JVM's order
 * (thrown exception first, innermost frame first), so both are reversed.
 */
final class SentryEventConverter {
    private SentryEventConverter() {}

    static byte[] convert(Map<String, Object> s, String eventId, long receivedAt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, s, eventId, receivedAt);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Map<String, Object> s, String eventId, long receivedAt)
            throws IOException {
        long ts = EventSummary.timestamp(JsonTree.get(s, "timestamp"));
        List<Object> values = new ArrayList<>(JsonTree.list(s, "exception"));
        Collections.reverse(values); // thrown first
        Object thrown = values.isEmpty() ? null : values.get(0);
        Map<String, Object> mechanism = JsonTree.obj(thrown, "mechanism");
        String message = message(s);
        String title = thrown == null ? message : text(JsonTree.str(thrown, "type"), JsonTree.str(thrown, "value"));

        g.writeStartObject();
        g.writeStringField("eventId", eventId);
        g.writeStringField("timestamp", iso(ts < 0 ? receivedAt : ts));
        field(
                g,
                "level",
                JsonTree.str(s, "level").isEmpty() ? (thrown == null ? "info" : "error") : JsonTree.str(s, "level"));
        g.writeObjectFieldStart("mechanism");
        g.writeStringField(
                "type", JsonTree.str(mechanism, "type").isEmpty() ? "sentry" : JsonTree.str(mechanism, "type"));
        g.writeBooleanField("handled", !Boolean.FALSE.equals(mechanism.get("handled")));
        g.writeEndObject();
        field(g, "title", title.isEmpty() ? "(no title)" : title);
        Map<String, Object> logentry = JsonTree.obj(s, "logentry");
        if (!JsonTree.str(logentry, "formatted").isEmpty()
                && !JsonTree.str(logentry, "message").isEmpty()) {
            field(g, "messageTemplate", JsonTree.str(logentry, "message"));
        }
        field(g, "message", message);
        field(g, "logger", JsonTree.str(s, "logger"));
        field(g, "release", JsonTree.str(s, "release"));
        field(g, "environment", JsonTree.str(s, "environment"));
        field(g, "serverName", JsonTree.str(s, "server_name"));
        field(g, "transaction", JsonTree.str(s, "transaction"));
        writeExceptions(g, values);
        writeBreadcrumbs(g, JsonTree.list(s, "breadcrumbs"));
        writeUser(g, JsonTree.obj(s, "user"));
        writeStringMap(g, "tags", JsonTree.get(s, "tags"));
        writeStringMap(g, "extra", JsonTree.get(s, "extra"));
        g.writeObjectFieldStart("contexts");
        for (Map.Entry<String, Object> c : JsonTree.obj(s, "contexts").entrySet()) {
            writeStringMap(g, c.getKey(), c.getValue());
        }
        Map<String, Object> sdk = JsonTree.obj(s, "sdk");
        if (!sdk.isEmpty()) {
            writeStringMap(g, "sdk", sdk);
        }
        g.writeEndObject();
        writeRequest(g, JsonTree.obj(s, "request"));
        List<String> fingerprint = JsonTree.strings(s, "fingerprint");
        if (!fingerprint.isEmpty()) {
            g.writeArrayFieldStart("fingerprint");
            for (String f : fingerprint) {
                g.writeString(f);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static String message(Map<String, Object> s) {
        Map<String, Object> logentry = JsonTree.obj(s, "logentry");
        String m = JsonTree.str(logentry, "formatted");
        if (m.isEmpty()) {
            m = JsonTree.str(logentry, "message");
        }
        if (m.isEmpty()) {
            Object msg = JsonTree.get(s, "message");
            m = msg instanceof Map
                    ? JsonTree.str(msg, "formatted").isEmpty()
                            ? JsonTree.str(msg, "message")
                            : JsonTree.str(msg, "formatted")
                    : JsonTree.scalar(msg);
        }
        return m;
    }

    private static String text(String type, String value) {
        return value.isEmpty() ? type : type + ": " + value;
    }

    private static void writeExceptions(JsonGenerator g, List<Object> values) throws IOException {
        g.writeArrayFieldStart("exceptions");
        for (int i = 0; i < values.size(); i++) {
            Object x = values.get(i);
            Map<String, Object> mech = JsonTree.obj(x, "mechanism");
            g.writeStartObject();
            g.writeNumberField("id", i);
            if (i > 0) {
                g.writeNumberField("parentId", i - 1);
            }
            String relation =
                    i == 0 ? "thrown" : "suppressed".equals(JsonTree.str(mech, "type")) ? "suppressed" : "cause";
            g.writeStringField("relation", relation);
            String module = JsonTree.str(x, "module");
            String type = JsonTree.str(x, "type");
            g.writeStringField("type", module.isEmpty() || type.startsWith(module + ".") ? type : module + "." + type);
            g.writeStringField("message", JsonTree.str(x, "value"));
            List<Object> frames = new ArrayList<>(JsonTree.list(JsonTree.obj(x, "stacktrace"), "frames"));
            Collections.reverse(frames); // innermost first
            g.writeArrayFieldStart("frames");
            for (Object f : frames) {
                writeFrame(g, f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeFrame(JsonGenerator g, Object f) throws IOException {
        g.writeStartObject();
        g.writeStringField("class", JsonTree.str(f, "module"));
        g.writeStringField("method", JsonTree.str(f, "function"));
        field(g, "file", JsonTree.str(f, "filename"));
        String line = JsonTree.str(f, "lineno");
        if (!line.isEmpty()) {
            try {
                g.writeNumberField("line", Long.parseLong(line));
            } catch (NumberFormatException ignored) {
                // not a line number
            }
        }
        if (Boolean.TRUE.equals(JsonTree.get(f, "native"))) {
            g.writeBooleanField("native", true);
        }
        g.writeBooleanField("inApp", Boolean.TRUE.equals(JsonTree.get(f, "in_app")));
        writeStrings(g, "preContext", JsonTree.texts(f, "pre_context"));
        field(g, "contextLine", JsonTree.str(f, "context_line"));
        writeStrings(g, "postContext", JsonTree.texts(f, "post_context"));
        g.writeEndObject();
    }

    private static void writeBreadcrumbs(JsonGenerator g, List<Object> crumbs) throws IOException {
        g.writeArrayFieldStart("breadcrumbs");
        for (Object b : crumbs) {
            g.writeStartObject();
            long ts = EventSummary.timestamp(JsonTree.get(b, "timestamp"));
            if (ts >= 0) {
                g.writeStringField("timestamp", iso(ts));
            }
            g.writeStringField("type", JsonTree.str(b, "type").isEmpty() ? "default" : JsonTree.str(b, "type"));
            field(g, "category", JsonTree.str(b, "category"));
            g.writeStringField("level", JsonTree.str(b, "level").isEmpty() ? "info" : JsonTree.str(b, "level"));
            g.writeStringField("message", JsonTree.str(b, "message"));
            if (!JsonTree.obj(b, "data").isEmpty()) {
                writeStringMap(g, "data", JsonTree.get(b, "data"));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeUser(JsonGenerator g, Map<String, Object> u) throws IOException {
        if (u.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("user");
        field(g, "id", JsonTree.str(u, "id"));
        field(g, "username", JsonTree.str(u, "username"));
        field(g, "email", JsonTree.str(u, "email"));
        field(g, "ipAddress", JsonTree.str(u, "ip_address"));
        g.writeObjectFieldStart("data");
        for (Map.Entry<String, Object> e : u.entrySet()) {
            if (!e.getKey().matches("id|username|email|ip_address")) {
                g.writeStringField(e.getKey(), flat(e.getValue()));
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeRequest(JsonGenerator g, Map<String, Object> r) throws IOException {
        if (r.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("request");
        field(g, "method", JsonTree.str(r, "method"));
        field(g, "url", JsonTree.str(r, "url"));
        Object q = r.get("query_string");
        field(g, "queryString", q instanceof String ? (String) q : q == null ? "" : flat(q));
        writeStringMap(g, "headers", r.get("headers"));
        g.writeEndObject();
    }

    /** An object, or Sentry's list of {@code [key, value]} pairs, as string values. */
    @SuppressWarnings("unchecked")
    private static void writeStringMap(JsonGenerator g, String name, Object v) throws IOException {
        g.writeObjectFieldStart(name);
        if (v instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                g.writeStringField(e.getKey(), flat(e.getValue()));
            }
        } else if (v instanceof List) {
            for (Object pair : (List<Object>) v) {
                if (pair instanceof List && ((List<Object>) pair).size() == 2) {
                    g.writeStringField(
                            JsonTree.scalar(((List<Object>) pair).get(0)), flat(((List<Object>) pair).get(1)));
                }
            }
        }
        g.writeEndObject();
    }

    /** A value as text: scalars as they are, structures as compact JSON. */
    static String flat(Object v) {
        if (v == null) {
            return "";
        }
        if (!(v instanceof Map) && !(v instanceof List)) {
            return JsonTree.scalar(v);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(out)) {
            writeValue(g, v);
        } catch (IOException e) {
            return "";
        }
        return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List) {
            g.writeStartArray();
            for (Object x : (List<Object>) v) {
                writeValue(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof Number) {
            g.writeNumber(v.toString());
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v == null) {
            g.writeNull();
        } else {
            g.writeString(v.toString());
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    static String iso(long millis) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date(millis));
    }
}
