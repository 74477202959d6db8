package dev.telltale.destination.sentry;

import static dev.telltale.testkit.JsonTree.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.destination.bugnet.BugnetDestinationFactory;
import dev.telltale.destination.bugreport.BugReportDestinationFactory;
import dev.telltale.destination.bugsnag.BugsnagDestinationFactory;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.TestEvents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.sentry.SentryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an OpenTelemetry span current (the real API and SDK), events carry its trace and span ids. */
class TraceLinkTest {
    private static SdkTracerProvider provider;
    private static Tracer tracer;

    @TempDir
    Path dir;

    @BeforeAll
    static void tracing() {
        provider = SdkTracerProvider.builder().build();
        tracer = provider.get("telltale-test");
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private Event capture(boolean inSpan, Span[] spanOut) {
        List<Event> seen = new CopyOnWriteArrayList<>();
        try (TelltaleClient c = TelltaleClient.start(TelltaleOptions.builder()
                .externalConfig(false)
                .destinations("file:" + dir)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .beforeSend(e -> {
                    seen.add(e);
                    return e;
                })
                .build())) {
            if (inSpan) {
                Span span = tracer.spanBuilder("checkout").startSpan();
                spanOut[0] = span;
                try (Scope ignored = span.makeCurrent()) {
                    c.captureException(new IllegalStateException("card declined"));
                } finally {
                    span.end();
                }
            } else {
                c.captureMessage("no span here", Level.INFO);
            }
            assertTrue(c.flush(10_000));
        }
        assertEquals(1, seen.size());
        return seen.get(0);
    }

    @Test
    void anEventCapturedInsideASpanCarriesItsTraceAndSpanIdsToEveryBackend() throws Exception {
        Span[] span = new Span[1];
        Event e = capture(true, span);
        String traceId = span[0].getSpanContext().getTraceId();
        String spanId = span[0].getSpanContext().getSpanId();
        Map<String, String> trace = e.contexts().get("trace");
        assertEquals(traceId, trace.get("trace_id"));
        assertEquals(spanId, trace.get("span_id"));

        // Sentry / Bugsink: contexts.trace, valid by the schema and read by the official SDK
        byte[] envelope = new SentryDestinationFactory()
                .create("http://0123456789abcdef0123456789abcdef@127.0.0.1:1/7", TestEvents.settings())
                .encode(e)
                .body();
        byte[] item = SentryWire.split(envelope).item;
        SentryWire.assertValid(item, "trace event");
        JsonNode ctx = SentryWire.MAPPER.readTree(item).path("contexts").path("trace");
        assertTrue(ctx.path("sampled").isBoolean(), ctx.toString());
        SentryWire.Parsed read = SentryWire.parseWithSdk(envelope);
        assertTrue(read.errors.isEmpty(), "the official SDK complained: " + read.errors);
        SentryEvent parsed = read.event;
        assertEquals(traceId, parsed.getContexts().getTrace().getTraceId().toString());
        assertEquals(spanId, parsed.getContexts().getTrace().getSpanId().toString());

        // BugSnag: a metadata tab; bug-report: the context; Bugnet: a line in the description
        Map<String, Object> bugsnag = JsonTree.object(new BugsnagDestinationFactory()
                .create("bugsnag://c9d60ae4c7e70c4b6c4ebd3e8056d2b8", TestEvents.settings())
                .encode(e)
                .body());
        assertEquals(traceId, str(bugsnag, "events", 0, "metaData", "trace", "trace_id"));
        Map<String, Object> report = JsonTree.object(new BugReportDestinationFactory()
                .create("bugreport+https://t0ken@bugs.example.org/api", TestEvents.settings())
                .encode(e)
                .body());
        assertEquals(traceId, str(report, "context", "trace", "traceId"));
        assertEquals(spanId, str(report, "context", "trace", "spanId"));
        String bugnet = new String(
                new BugnetDestinationFactory()
                        .create("bugnet://k3y", TestEvents.settings())
                        .encode(e)
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(bugnet.contains("Trace: " + traceId + " (span " + spanId + ")"), bugnet);
    }

    @Test
    void withoutACurrentSpanThereIsNoTraceContext() {
        assertNull(capture(false, null).contexts().get("trace"));
    }
}
