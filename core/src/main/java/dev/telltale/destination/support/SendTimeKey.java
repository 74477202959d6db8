package dev.telltale.destination.support;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.internal.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Puts a credential into a stored JSON body at send time, as its first field: the stored payload
 * (which may sit in the outbox) never holds the key.
 *
 * <p>Internal (see the package): shared by the BugSnag ({@code apiKey}) and Bugnet ({@code api_key})
 * destinations.
 */
public final class SendTimeKey {
    private SendTimeKey() {}

    /** {@code body} (a JSON object) with {@code "field": "key"} put first; the body is not parsed. */
    public static byte[] prepend(byte[] body, String field, String key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + field.length() + key.length() + 16);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(field, key);
            g.writeEndObject();
        }
        byte[] head = out.toByteArray(); // {"field":"..."}, escaped by the generator
        out.reset();
        out.write(head, 0, head.length - 1);
        int i = 0;
        while (i < body.length && body[i] != '{') {
            i++;
        }
        int j = i + 1;
        while (j < body.length && Character.isWhitespace(body[j])) {
            j++;
        }
        if (j < body.length && body[j] != '}') {
            out.write(',');
        }
        out.write(body, i + 1, body.length - i - 1);
        return out.toByteArray();
    }
}
