package dev.telltale.agent.view;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telltale.internal.json.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads only what the issue list needs from an event file, skipping the rest unparsed
 * (breadcrumbs, contexts, request, journey, and every frame after the first in-app one), so a
 * directory of thousands of events is summarised quickly. Yields the same shape as
 * {@link JsonTree#parse}, reduced: what {@link Grouping} and {@link EventSummary} read is kept.
 */
final class SummaryReader {
    private static final Set<String> TOP = new HashSet<>(Arrays.asList(
            "eventId",
            "timestamp",
            "level",
            "title",
            "message",
            "messageTemplate",
            "logger",
            "fingerprint",
            "exceptions",
            "leadException",
            "threadFrames"));
    private static final Set<String> EXCEPTION =
            new HashSet<>(Arrays.asList("id", "parentId", "relation", "type", "message", "frames"));
    private static final Set<String> FRAME = new HashSet<>(Arrays.asList("class", "method", "inApp"));

    private SummaryReader() {}

    static Map<String, Object> read(byte[] bytes) throws IOException {
        try (JsonParser p = JsonTree.FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Map<String, Object> event = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken t = p.nextToken();
                if (!TOP.contains(name)) {
                    p.skipChildren();
                } else if (name.equals("exceptions") && t == JsonToken.START_ARRAY) {
                    event.put(name, exceptions(p));
                } else if (name.equals("threadFrames") && t == JsonToken.START_ARRAY) {
                    event.put(name, frames(p));
                } else {
                    event.put(name, scalarOrStrings(p, t));
                }
            }
            return event;
        }
    }

    private static List<Object> exceptions(JsonParser p) throws IOException {
        List<Object> chain = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken v = p.nextToken();
                if (name.equals("frames") && v == JsonToken.START_ARRAY) {
                    x.put(name, frames(p));
                } else if (EXCEPTION.contains(name)) {
                    x.put(name, scalarOrStrings(p, v));
                } else {
                    p.skipChildren();
                }
            }
            chain.add(x);
        }
        return chain;
    }

    /** The first frame and the first in-app frame: all that grouping and the culprit use. */
    private static List<Object> frames(JsonParser p) throws IOException {
        List<Object> kept = new ArrayList<>(2);
        boolean inAppSeen = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT || inAppSeen) {
                p.skipChildren();
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken v = p.nextToken();
                if (FRAME.contains(name)) {
                    f.put(name, scalarOrStrings(p, v));
                } else {
                    p.skipChildren();
                }
            }
            boolean inApp = Boolean.TRUE.equals(f.get("inApp"));
            if (kept.isEmpty() || inApp) {
                kept.add(f);
            }
            inAppSeen = inApp;
        }
        return kept;
    }

    /** A scalar, or a list of scalars (a fingerprint); anything deeper is skipped. */
    private static Object scalarOrStrings(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue()) {
            return JsonReader.scalar(p, t);
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<Object> l = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY && n != null) {
            if (n.isScalarValue()) {
                l.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return l;
    }
}
