package dev.telltale.destination.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sentry.EnvelopeReader;
import io.sentry.ILogger;
import io.sentry.ISerializer;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryEvent;
import io.sentry.SentryItemType;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Reads envelopes the way the other side does: the official Sentry Java SDK's own envelope reader
 * and event deserializer, and the Sentry event schema (draft-07, from sentry-data-schemas, MIT).
 */
final class SentryWire {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SCHEMA = loadSchema();

    private SentryWire() {}

    private static JsonSchema loadSchema() {
        try (InputStream in = SentryWire.class.getResourceAsStream("/schemas/sentry-event.schema.json")) {
            // Draft-07 treats "format" as an annotation. The schema marks event_id "uuid", yet the
            // protocol's canonical event id is 32 hex digits without dashes, which a uuid check refuses.
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(false)
                    .build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Schema violations of one event JSON; empty when it validates. */
    static Set<ValidationMessage> violations(byte[] eventJson) throws IOException {
        return SCHEMA.validate(MAPPER.readTree(eventJson));
    }

    static void assertValid(byte[] eventJson, String what) throws IOException {
        Set<ValidationMessage> v = violations(eventJson);
        assertTrue(v.isEmpty(), what + " violates the Sentry event schema: " + v);
    }

    /** An envelope split into its three lines, as Bugsink and Relay read them. */
    static final class Lines {
        final JsonNode header;
        final JsonNode itemHeader;
        final byte[] item;

        Lines(JsonNode header, JsonNode itemHeader, byte[] item) {
            this.header = header;
            this.itemHeader = itemHeader;
            this.item = item;
        }
    }

    /** Splits an envelope and checks the framing: exactly one item, and its length is right. */
    static Lines split(byte[] envelope) throws IOException {
        int first = indexOf(envelope, 0);
        assertTrue(first > 0, "no envelope header line");
        int second = indexOf(envelope, first + 1);
        assertTrue(second > first, "no item header line");
        JsonNode header = MAPPER.readTree(new String(envelope, 0, first, StandardCharsets.UTF_8));
        JsonNode itemHeader =
                MAPPER.readTree(new String(envelope, first + 1, second - first - 1, StandardCharsets.UTF_8));
        int length = itemHeader.path("length").asInt(-1);
        assertTrue(length > 0, "item header has no length: " + itemHeader);
        byte[] item = java.util.Arrays.copyOfRange(envelope, second + 1, second + 1 + length);
        int rest = second + 1 + length;
        for (int i = rest; i < envelope.length; i++) {
            assertEquals('\n', envelope[i], "bytes after the single item at " + i);
        }
        return new Lines(header, itemHeader, item);
    }

    private static int indexOf(byte[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** What the official SDK made of an envelope, and anything it complained about while reading. */
    static final class Parsed {
        final SentryEnvelope envelope;
        final SentryEvent event;
        final List<String> errors;

        Parsed(SentryEnvelope envelope, SentryEvent event, List<String> errors) {
            this.envelope = envelope;
            this.event = event;
            this.errors = errors;
        }
    }

    /**
     * Parses an envelope with the official SDK: its {@link EnvelopeReader} on the exact bytes, then
     * its event deserializer on the item. The one adaptation: the SDK's reader knows only the bare
     * list form of {@code breadcrumbs} that the SDK itself writes, not the {@code {"values": [...]}}
     * form the protocol documents (and Telltale sends; Sentry and Bugsink accept both), so the
     * breadcrumb list is unwrapped before the event deserializer sees it. Nothing else is touched.
     */
    static Parsed parseWithSdk(byte[] envelope) throws Exception {
        List<String> errors = Collections.synchronizedList(new ArrayList<String>());
        SentryOptions options = new SentryOptions();
        options.setDebug(true);
        options.setDiagnosticLevel(SentryLevel.WARNING);
        options.setLogger(new CollectingLogger(errors));
        ISerializer serializer = options.getSerializer();
        SentryEnvelope env = new EnvelopeReader(serializer).read(new ByteArrayInputStream(envelope));
        assertNotNull(env, "the SDK could not read the envelope: " + errors);
        List<SentryEnvelopeItem> items = new ArrayList<>();
        for (SentryEnvelopeItem i : env.getItems()) {
            items.add(i);
        }
        assertEquals(1, items.size(), "items in the envelope");
        assertEquals(SentryItemType.Event, items.get(0).getHeader().getType());
        byte[] data = items.get(0).getData();
        assertEquals(data.length, items.get(0).getHeader().getLength(), "item length");
        SentryEvent event = serializer.deserialize(
                new InputStreamReader(new ByteArrayInputStream(unwrapBreadcrumbs(data)), StandardCharsets.UTF_8),
                SentryEvent.class);
        assertNotNull(event, "the SDK could not read the event: " + errors);
        return new Parsed(env, event, errors);
    }

    static byte[] unwrapBreadcrumbs(byte[] eventJson) throws IOException {
        JsonNode root = MAPPER.readTree(eventJson);
        JsonNode crumbs = root.get("breadcrumbs");
        if (crumbs != null && crumbs.isObject()) {
            ((ObjectNode) root).set("breadcrumbs", crumbs.get("values"));
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /** Records everything the SDK logs at warning or above, so a silently skipped field fails the test. */
    private static final class CollectingLogger implements ILogger {
        private final List<String> errors;

        CollectingLogger(List<String> errors) {
            this.errors = errors;
        }

        @Override
        public void log(SentryLevel level, String message, Object... args) {
            if (isEnabled(level)) {
                errors.add(level + " " + safeFormat(message, args));
            }
        }

        @Override
        public void log(SentryLevel level, String message, Throwable throwable) {
            if (isEnabled(level)) {
                errors.add(level + " " + message + " " + throwable);
            }
        }

        @Override
        public void log(SentryLevel level, Throwable throwable, String message, Object... args) {
            if (isEnabled(level)) {
                errors.add(level + " " + safeFormat(message, args) + " " + throwable);
            }
        }

        @Override
        public boolean isEnabled(SentryLevel level) {
            return level != null && level.ordinal() >= SentryLevel.WARNING.ordinal();
        }

        private static String safeFormat(String message, Object... args) {
            try {
                return String.format(message, args);
            } catch (RuntimeException e) {
                return message;
            }
        }
    }
}
