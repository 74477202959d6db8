package dev.telltale.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.event.JourneyAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/** Shared Jackson streaming helpers for every encoder: one factory, ISO dates, maps and lists of strings. */
public final class Json {
    public static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** Writes JSON through {@code body} into a byte array. */
    public static byte[] write(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }

    /** What writes a document. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code 2026-11-23T13:39:52.123Z}. */
    public static String iso(long epochMillis) {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date(epochMillis));
    }

    /** Writes a string field only when the value is not empty. */
    public static void stringIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    public static void stringMap(JsonGenerator g, Map<String, String> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    public static void stringMapField(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        g.writeFieldName(name);
        stringMap(g, map);
    }

    public static void stringArrayField(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * {@code name: [{id, source, summary, timestamp}]}: the journey's actions in the list's order,
     * as the file format, BugSnag's metadata and the bug-report body all write them.
     */
    public static void journeyActionsField(JsonGenerator g, String name, List<JourneyAction> actions)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (JourneyAction a : actions) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeStringField("source", a.source());
            g.writeStringField("summary", a.summary());
            g.writeStringField("timestamp", iso(a.timestamp()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
