package dev.telltale.destination.bugsnag;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telltale.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Several stored notify payloads as one: the first payload's top-level fields (the notifier) and
 * the events of all of them, in order, in one {@code events} array.
 */
final class BugsnagBatch {
    private BugsnagBatch() {}

    static byte[] merge(List<byte[]> bodies) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            try (JsonParser p = Json.FACTORY.createParser(bodies.get(0))) {
                expect(p, JsonToken.START_OBJECT);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.getCurrentName();
                    p.nextToken();
                    if ("events".equals(field)) {
                        p.skipChildren();
                    } else {
                        g.writeFieldName(field);
                        g.copyCurrentStructure(p);
                    }
                }
            }
            g.writeArrayFieldStart("events");
            for (byte[] body : bodies) {
                copyEvents(body, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void copyEvents(byte[] body, JsonGenerator g) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            expect(p, JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                if ("events".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        g.copyCurrentStructure(p);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) {
            throw new IOException("not a stored notify payload");
        }
    }
}
