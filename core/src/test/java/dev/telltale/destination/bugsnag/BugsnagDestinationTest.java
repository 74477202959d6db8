package dev.telltale.destination.bugsnag;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.telltale.testkit.JsonTree.at;
import static dev.telltale.testkit.JsonTree.has;
import static dev.telltale.testkit.JsonTree.list;
import static dev.telltale.testkit.JsonTree.obj;
import static dev.telltale.testkit.JsonTree.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationKit;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Mechanism;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.json.Json;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.RecordingContext;
import dev.telltale.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The compatibility kit plus BugSnag's contract: notify v4, sessions v1.0, headers, every field. */
class BugsnagDestinationTest extends DestinationKit {
    static final String KEY = "c9d60ae4c7e70c4b6c4ebd3e8056d2b8";
    static final List<String> SEVERITIES = Arrays.asList("error", "warning", "info");
    static final List<String> CRUMB_TYPES =
            Arrays.asList("navigation", "request", "process", "log", "user", "state", "error", "manual");

    private final BugsnagDestinationFactory factory = new BugsnagDestinationFactory();

    @Override
    protected Destination create(String baseUrl) {
        return factory.create("bugsnag+" + baseUrl.replace("://", "://" + KEY + "@"), TestEvents.settings());
    }

    @Override
    protected String eventPath() {
        return "/";
    }

    @Override
    protected String secret() {
        return KEY;
    }

    @Override
    protected void assertWellFormed(Payload payload, Event event) throws IOException {
        assertEquals("application/json", payload.contentType());
        assertEquals(event.eventId(), payload.eventId());
        Map<String, Object> body = JsonTree.object(payload.body());
        assertEquals("Telltale", str(body, "notifier", "name"));
        List<Object> events = list(body, "events");
        assertEquals(1, events.size());
        Object ev = events.get(0);
        assertEquals("4", str(ev, "payloadVersion"));
        List<Object> exceptions = list(ev, "exceptions");
        assertFalse(exceptions.isEmpty(), "BugSnag needs at least one exception");
        if (event.primaryException() != null) {
            assertEquals(event.primaryException().type(), str(ev, "exceptions", 0, "errorClass"));
            for (Object x : exceptions) {
                for (Object f : list(x, "stacktrace")) {
                    String method = str(f, "method");
                    // a deep stack's cut is marked by one pseudo-frame "[N frames omitted]"
                    assertTrue(
                            method.contains(".") || method.matches("\\[\\d+ frames omitted]"),
                            "method is Class.method: " + f);
                    assertTrue(at(f, "inProject") instanceof Boolean);
                    assertNotNull(str(f, "file"));
                }
            }
        }
        assertTrue(SEVERITIES.contains(str(ev, "severity")));
        assertEquals(!event.handled(), at(ev, "unhandled"));
        assertFalse(str(ev, "severityReason", "type").isEmpty());
        for (Object c : list(ev, "breadcrumbs")) {
            assertTrue(CRUMB_TYPES.contains(str(c, "type")), "crumb type " + c);
            assertFalse(str(c, "name").isEmpty());
        }
        assertFalse(has(body, "apiKey"), "the stored payload carries no API key");
    }

    // ---- contract: the notify request ----

    @Test
    void postsARichEventToNotifyWithEveryFieldAndHeader() throws Exception {
        server.stubFor(
                post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("OK")));
        Destination d = destination();
        Event e = TestEvents.rich();
        long before = System.currentTimeMillis();
        assertEquals(Outcome.Kind.DELIVERED, d.deliver(d.encode(e), transport).kind());

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo("/")));
        assertEquals(1, requests.size());
        LoggedRequest r = requests.get(0);
        assertEquals(KEY, r.getHeader("Bugsnag-Api-Key"));
        assertEquals("4", r.getHeader("Bugsnag-Payload-Version"));
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        long sentAt = parseIso(r.getHeader("Bugsnag-Sent-At"));
        assertTrue(sentAt >= before - 1000 && sentAt <= System.currentTimeMillis() + 1000, "Bugsnag-Sent-At " + sentAt);

        Map<String, Object> body = JsonTree.object(r.getBody());
        assertEquals(KEY, str(body, "apiKey"), "the API key is added at send time");
        assertEquals("Telltale", str(body, "notifier", "name"));
        assertFalse(str(body, "notifier", "version").isEmpty());
        assertTrue(str(body, "notifier", "url").startsWith("https://"));
        Object ev = at(body, "events", 0);
        assertEquals("4", str(ev, "payloadVersion"));

        // exceptions: thrown first, then its cause; the suppressed one is not a cause
        List<Object> xs = list(ev, "exceptions");
        assertEquals(2, xs.size());
        assertEquals("java.lang.RuntimeException", str(xs.get(0), "errorClass"));
        assertEquals("Order 42 failed", str(xs.get(0), "message"));
        assertEquals("java.lang.IllegalStateException", str(xs.get(1), "errorClass"));
        assertEquals("db down", str(xs.get(1), "message"));
        ExceptionInfo top = e.primaryException();
        List<Object> frames = list(xs.get(0), "stacktrace");
        assertEquals(top.frames().size(), frames.size());
        StackFrame f0 = top.frames().get(0); // innermost call first, as BugSnag expects
        assertEquals(f0.className() + "." + f0.methodName(), str(frames.get(0), "method"));
        assertEquals(f0.fileName(), str(frames.get(0), "file"));
        assertEquals((long) f0.lineNumber(), at(frames.get(0), "lineNumber"));
        assertEquals(f0.inApp(), at(frames.get(0), "inProject"));
        assertTrue(str(obj(ev, "metaData"), "suppressed", "exception 2 (suppressed by 0)")
                .startsWith("java.io.IOException: close failed"));

        // breadcrumbs, oldest first, in BugSnag's vocabulary
        List<Object> crumbs = list(ev, "breadcrumbs");
        assertEquals(2, crumbs.size());
        assertEquals("GET /cart", str(crumbs.get(0), "name"));
        assertEquals("navigation", str(crumbs.get(0), "type"));
        assertEquals("request", str(crumbs.get(0), "metaData", "category"));
        assertEquals("checkout started", str(crumbs.get(1), "name"));
        assertEquals("log", str(crumbs.get(1), "type"));
        assertEquals("warning", str(crumbs.get(1), "metaData", "level"));
        assertEquals("42", str(crumbs.get(1), "metaData", "order"));
        assertEquals(e.breadcrumbs().get(0).timestamp(), parseIso(str(crumbs.get(0), "timestamp")));

        assertEquals("POST /orders/42", str(ev, "context"));
        assertTrue(
                str(ev, "groupingHash").startsWith("telltale:1|java.lang.RuntimeException|Order <num> failed|"),
                "the client-side fingerprint, the same rule as for Sentry and Bugsink: " + str(ev, "groupingHash"));
        assertEquals(Boolean.FALSE, at(ev, "unhandled"));
        assertEquals("error", str(ev, "severity"));
        assertEquals("log", str(ev, "severityReason", "type"), "captured from a log call");
        assertEquals("ERROR", str(ev, "severityReason", "attributes", "level"));
        assertEquals("u-7", str(ev, "user", "id"));
        assertEquals("ann", str(ev, "user", "name"));
        assertEquals("ann@example.com", str(ev, "user", "email"));
        assertEquals("shop@1.4.2", str(ev, "app", "version"));
        assertEquals("staging", str(ev, "app", "releaseStage"));
        assertEquals("java", str(ev, "app", "type"));
        assertEquals("web-1", str(ev, "device", "hostname"));
        assertEquals(System.getProperty("os.name"), str(ev, "device", "osName"));
        assertEquals(System.getProperty("os.version"), str(ev, "device", "osVersion"));
        assertEquals(e.platform().runtimeVersion(), str(ev, "device", "runtimeVersions", "javaVersion"));
        assertEquals(e.timestamp(), parseIso(str(ev, "device", "time")));
        assertEquals("POST", str(ev, "request", "httpMethod"));
        assertEquals("http://shop.local/orders/42", str(ev, "request", "url"));

        Map<String, Object> meta = obj(ev, "metaData");
        assertEquals("http://shop.local/orders/42", str(meta, "request", "url"));
        assertEquals("POST", str(meta, "request", "httpMethod"));
        assertEquals("/orders/42", str(meta, "request", "route"));
        assertEquals("acme", str(meta, "tags", "tenant"));
        assertEquals("eu", str(meta, "tags", "region"));
        assertEquals("3 items", str(meta, "extra", "cart"));
        assertEquals("r-1", str(meta, "mdc", "requestId"));
        assertEquals(e.journey().sessionStartedAt(), parseIso(str(meta, "journey", "sessionStartedAt")));
        List<Object> actions = list(meta, "journey", "recentActions");
        assertEquals(e.journey().recentActions().size(), actions.size());
        JourneyAction a0 = e.journey().recentActions().get(0);
        assertEquals(a0.id(), str(actions.get(0), "id"));
        assertEquals(a0.source(), str(actions.get(0), "source"));
        assertEquals(a0.summary(), str(actions.get(0), "summary"));
        assertEquals(e.eventId(), str(meta, "telltale", "eventId"));
        assertEquals("com.example.Orders", str(meta, "telltale", "logger"));
        assertEquals("worker-1", str(meta, "telltale", "thread"));
        assertEquals("Order {} failed", str(meta, "telltale", "messageTemplate"));
        assertFalse(has(ev, "session"), "sessions are off unless enabled");
    }

    @Test
    void groupsByTheFingerprint() throws IOException {
        Destination d = destination();
        Event base = TestEvents.of(new IllegalStateException("x"));
        Object short1 = event(
                d,
                base.toBuilder()
                        .fingerprint(Arrays.asList("checkout", "payment"))
                        .build());
        assertEquals("checkout|payment", str(short1, "groupingHash"));
        String longPart = new String(new char[200]).replace('\0', 'a');
        Object long1 = event(
                d,
                base.toBuilder()
                        .fingerprint(Collections.singletonList(longPart))
                        .build());
        assertTrue(str(long1, "groupingHash").matches("[0-9a-f]{64}"), "a long fingerprint is hashed");
        Object dflt = event(
                d,
                base.toBuilder()
                        .fingerprint(Arrays.asList("{{ default }}", "x"))
                        .build());
        assertFalse(has(dflt, "groupingHash"), "BugSnag cannot extend its default grouping");
    }

    @Test
    void marksUncaughtAndMiddlewareCrashesUnhandled() throws IOException {
        Destination d = destination();
        Object uncaught = event(
                d,
                TestEvents.process(
                        TestEvents.pending(new IllegalStateException("boom"), Level.FATAL, Mechanism.UNCAUGHT)));
        assertEquals(Boolean.TRUE, at(uncaught, "unhandled"));
        assertEquals("error", str(uncaught, "severity"));
        assertEquals("unhandledException", str(uncaught, "severityReason", "type"));

        Object servlet = event(
                d,
                TestEvents.process(TestEvents.pending(
                        new IllegalStateException("boom"), Level.ERROR, new Mechanism("servlet", false))));
        assertEquals("unhandledExceptionMiddleware", str(servlet, "severityReason", "type"));
        assertEquals("Servlet", str(servlet, "severityReason", "attributes", "framework"));

        Object manual = event(d, TestEvents.of(new IllegalStateException("boom")));
        assertEquals(Boolean.FALSE, at(manual, "unhandled"));
        assertEquals("handledException", str(manual, "severityReason", "type"));

        Object warning = event(
                d,
                TestEvents.process(
                        TestEvents.pending(new IllegalStateException("w"), Level.WARNING, Mechanism.MANUAL)));
        assertEquals("warning", str(warning, "severity"));
        assertEquals("userSpecifiedSeverity", str(warning, "severityReason", "type"));
    }

    @Test
    void sendsAMessageEventAsOneExceptionWithoutFrames() throws IOException {
        Destination d = destination();
        Object ev = event(d, TestEvents.message("cache warmed in 42 ms", Level.INFO));
        assertEquals("Message", str(ev, "exceptions", 0, "errorClass"));
        assertEquals("cache warmed in 42 ms", str(ev, "exceptions", 0, "message"));
        assertTrue(list(ev, "exceptions", 0, "stacktrace").isEmpty());
        assertEquals(
                "telltale:1|message||cache warmed in <num> ms", str(ev, "groupingHash"), "the client-side fingerprint");
        Event templated = TestEvents.message("x", Level.INFO).toBuilder()
                .message("Order {} failed", "Order 7 failed")
                .fingerprint(java.util.Collections.<String>emptyList())
                .build();
        assertEquals(
                "message||Order {} failed",
                str(event(d, templated), "groupingHash"),
                "without a fingerprint (client-grouping=false): grouped by template, not by the order id");
        assertEquals("info", str(ev, "severity"));
        assertEquals("userSpecifiedSeverity", str(ev, "severityReason", "type"));
    }

    @Test
    void neverWritesADuplicateKeyWhenUserDataCollidesWithItsOwnFields() throws IOException {
        Event base = TestEvents.rich();
        Map<String, Map<String, String>> contexts = new java.util.LinkedHashMap<>();
        contexts.put("request", Collections.singletonMap("a", "1"));
        contexts.put("context.request", Collections.singletonMap("b", "2"));
        contexts.put("telltale", Collections.singletonMap("c", "3"));
        Event e = base.toBuilder()
                .breadcrumbs(Collections.singletonList(dev.telltale.Breadcrumb.builder()
                        .category("db")
                        .message("q")
                        .data("level", "x")
                        .data("category", "y")
                        .data("message", "z")
                        .build()))
                .user(dev.telltale.User.builder()
                        .id("u")
                        .ipAddress("10.0.0.1")
                        .data("ipAddress", "10.0.0.2")
                        .build())
                .contexts(contexts)
                .build();
        // JsonTree refuses duplicate keys
        Object ev = event(destination(), e);
        assertEquals("1", str(ev, "metaData", "context.request", "a"));
        assertEquals("2", str(ev, "metaData", "context.context.request", "b"));
        assertEquals("3", str(ev, "metaData", "context.telltale", "c"));
        assertEquals("info", str(ev, "breadcrumbs", 0, "metaData", "level"));
        assertEquals("db", str(ev, "breadcrumbs", 0, "metaData", "category"));
        assertEquals("z", str(ev, "breadcrumbs", 0, "metaData", "message"), "an uncut name leaves the key to the data");
        assertEquals("10.0.0.1", str(ev, "metaData", "user", "ipAddress"));
    }

    @Test
    void mapsEveryBreadcrumbTypeToOneBugsnagAllows() {
        for (String t : Arrays.asList(
                "default",
                "log",
                "navigation",
                "request",
                "http",
                "query",
                "user",
                "ui",
                "state",
                "process",
                "error",
                "debug",
                "info",
                "manual",
                "something-else")) {
            assertTrue(CRUMB_TYPES.contains(BugsnagEncoder.crumbType(t)), t + " -> " + BugsnagEncoder.crumbType(t));
        }
        assertEquals("request", BugsnagEncoder.crumbType("http"));
        assertEquals("manual", BugsnagEncoder.crumbType("default"));
    }

    @Test
    void namesTheApiKeyProblemOn401() throws IOException {
        Outcome o = answer(401, null);
        assertEquals(Outcome.Kind.DROP, o.kind());
        assertTrue(o.reason().contains("API key"), o.reason());
        assertFalse(o.reason().contains(KEY));
    }

    @Test
    void shrinksAnOversizedEventUnderBugsnagsLimit() throws IOException {
        String kb = new String(new char[1000]).replace('\0', 'k');
        List<dev.telltale.Breadcrumb> crumbs = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            crumbs.add(dev.telltale.Breadcrumb.builder()
                    .type("log")
                    .message(i + kb)
                    .build());
        }
        Event fat = TestEvents.rich().toBuilder().breadcrumbs(crumbs).build();
        Destination d = destination();
        assertTrue(d.encode(fat).size() > d.maxPayloadBytes(), "the test event must start too big");
        Payload p = encodeToFit(d, fat);
        assertTrue(p.size() <= BugsnagDestination.MAX_PAYLOAD_BYTES, "shrunk to " + p.size());
        assertTrue(BugsnagDestination.withApiKey(p.body(), KEY).length < 512 * 1000, "under 512 KB with the key added");
        assertWellFormed(p, fat);
    }

    // ---- sessions ----

    @Test
    void reportsOneSessionPerRunWithPerMinuteCountsWhenEnabled() throws Exception {
        server.stubFor(post(urlPathEqualTo("/sessions")).willReturn(aResponse().withStatus(202)));
        server.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)));
        Settings s = TestEvents.settings();
        Destination d =
                factory.create("bugsnag+" + server.baseUrl().replace("://", "://" + KEY + "@") + "?sessions=true", s);
        RecordingContext ctx = new RecordingContext(s);
        long before = System.currentTimeMillis();
        d.start(ctx);
        assertEquals(1, ctx.submitted.size());
        Payload session = ctx.submitted.get(0);
        assertEquals(Payload.CATEGORY_SESSION, session.category());
        assertFalse(new String(session.body(), StandardCharsets.UTF_8).contains(KEY), "no key in the outbox");
        assertEquals(Outcome.Kind.DELIVERED, d.deliver(session, transport).kind());

        LoggedRequest r =
                server.findAll(postRequestedFor(urlPathEqualTo("/sessions"))).get(0);
        assertEquals(KEY, r.getHeader("Bugsnag-Api-Key"));
        assertEquals("1.0", r.getHeader("Bugsnag-Payload-Version"));
        assertNotNull(r.getHeader("Bugsnag-Sent-At"));
        Map<String, Object> body = JsonTree.object(r.getBody());
        assertEquals("Telltale", str(body, "notifier", "name"));
        assertEquals("shop@1.4.2", str(body, "app", "version"));
        assertEquals("staging", str(body, "app", "releaseStage"));
        assertEquals("web-1", str(body, "device", "hostname"));
        assertEquals(System.getProperty("os.name"), str(body, "device", "osName"));
        List<Object> counts = list(body, "sessionCounts");
        assertEquals(1, counts.size());
        String minute = str(counts.get(0), "startedAt");
        assertTrue(minute.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z"), minute);
        long m = parseIso(minute);
        assertTrue(m <= before && before - m < 60_000 + 1000, "the minute the session started in");
        assertEquals(1L, at(counts.get(0), "sessionsStarted"));

        // events of the run carry the session, each counted once even when re-encoded to shrink
        Event handled = TestEvents.of(new IllegalStateException("a"));
        d.encode(handled);
        Object ev1 = JsonTree.object(d.encode(handled).body());
        assertEquals(1L, at(ev1, "events", 0, "session", "events", "handled"));
        assertEquals(0L, at(ev1, "events", 0, "session", "events", "unhandled"));
        Event crash =
                TestEvents.process(TestEvents.pending(new IllegalStateException("b"), Level.FATAL, Mechanism.UNCAUGHT));
        Object ev2 = JsonTree.object(d.encode(crash.toBuilder().build()).body());
        // TestEvents.pending reuses one event id: a different one makes it a new event
        Object ev3 = JsonTree.object(d.encode(Event.builder("ffffffffffffffffffffffffffffffff")
                        .mechanism(Mechanism.UNCAUGHT)
                        .exceptions(crash.exceptions())
                        .build())
                .body());
        String id = str(ev3, "events", 0, "session", "id");
        assertEquals(str(ev2, "events", 0, "session", "id"), id);
        assertEquals(1L, at(ev3, "events", 0, "session", "events", "unhandled"));
        assertTrue(parseIso(str(ev3, "events", 0, "session", "startedAt")) >= before);
    }

    @Test
    void sendsNoSessionsUnlessEnabled() {
        Settings s = TestEvents.settings();
        Destination d = destination();
        RecordingContext ctx = new RecordingContext(s);
        d.start(ctx);
        d.stop(ctx, true);
        assertTrue(ctx.submitted.isEmpty());
    }

    @Test
    void bucketsSessionCountsByMinute() throws IOException {
        BugsnagDestination d =
                (BugsnagDestination) factory.create("bugsnag://" + KEY + "?sessions=true", TestEvents.settings());
        Map<Long, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put(1_700_000_040_000L, 3);
        counts.put(1_700_000_100_000L, 1);
        Object body = JsonTree.object(
                d.sessionPayload(counts, 1_700_000_100_000L, "web-1").body());
        assertEquals("2023-11-14T22:14:00Z", str(body, "sessionCounts", 0, "startedAt"));
        assertEquals(3L, at(body, "sessionCounts", 0, "sessionsStarted"));
        assertEquals("2023-11-14T22:15:00Z", str(body, "sessionCounts", 1, "startedAt"));
        assertEquals("2023-11-14T22:14:00Z", BugsnagEncoder.minute(1_700_000_099_999L));
        assertEquals("2023-11-14T22:13:00Z", BugsnagEncoder.minute(1_700_000_039_999L));
    }

    // ---- URIs ----

    @Test
    void usesBugsnagsPublicEndpointsForAKeyAlone() {
        BugsnagDestination d = (BugsnagDestination) factory.create("bugsnag://" + KEY, TestEvents.settings());
        assertEquals("https://notify.bugsnag.com/", d.notifyUrl());
        assertEquals("https://sessions.bugsnag.com/", d.sessionsUrl());
        assertFalse(d.tracksSessions());
        assertEquals("bugsnag(notify.bugsnag.com)", d.name());
    }

    @Test
    void usesAnOnPremiseServerWithItsPath() {
        BugsnagDestination d = (BugsnagDestination) factory.create(
                "bugsnag+https://" + KEY + "@bugsnag.corp:49000/notify/?sessions=true", TestEvents.settings());
        assertEquals("https://bugsnag.corp:49000/notify", d.notifyUrl());
        assertEquals("https://bugsnag.corp:49000/notify/sessions", d.sessionsUrl());
        assertTrue(d.tracksSessions());
        assertEquals("bugsnag(bugsnag.corp:49000/notify)", d.name());
        BugsnagDestination d2 = (BugsnagDestination) factory.create(
                "bugsnag+http://" + KEY + "@127.0.0.1:49000" + "?sessionsEndpoint=http%3A%2F%2F127.0.0.1%3A49001%2F",
                TestEvents.settings());
        assertEquals("http://127.0.0.1:49000/", d2.notifyUrl());
        assertEquals("http://127.0.0.1:49001/", d2.sessionsUrl());
    }

    @Test
    void refusesMalformedUrisWithoutEchoingTheKey() {
        for (String bad : Arrays.asList(
                "bugsnag://",
                "bugsnag://" + KEY + "@notify.example",
                "bugsnag://" + KEY + "/x",
                "bugsnag+https://" + KEY,
                "bugsnag+https://" + KEY + "@host:99999",
                "bugsnag+https://" + KEY + "@",
                "bugsnag://" + KEY + "?sesions=true",
                "bugsnag://" + KEY + "?sessions=maybe",
                "bugsnag://" + KEY + "!x",
                "bugsnag+https://" + KEY + "@ho st",
                "bugsnag://" + KEY + "?sessionsEndpoint=ftp://x")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> factory.create(bad, TestEvents.settings()), bad);
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @Test
    void isFoundByTheBuiltInRegistryAndByBugsnagApiKey() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Diagnostics diag = new Diagnostics(false, new PrintStream(err, true));
        DestinationRegistry registry = new DestinationRegistry();
        Destination d = registry.create("bugsnag://" + KEY, TestEvents.settings(), diag);
        assertNotNull(d, err.toString());
        assertEquals("bugsnag(notify.bugsnag.com)", d.name());
        assertNotNull(registry.create("bugsnag+http://" + KEY + "@127.0.0.1:1", TestEvents.settings(), diag));
        assertEquals(null, registry.create("bugsnag://" + KEY + "@x", TestEvents.settings(), diag));
        assertTrue(err.toString().contains("bugsnag"), err.toString());
        assertFalse(err.toString().contains(KEY), err.toString());
    }

    // ---- helpers ----

    private static Object event(Destination d, Event e) throws IOException {
        return at(JsonTree.object(d.encode(e).body()), "events", 0);
    }

    static long parseIso(String s) throws java.text.ParseException {
        String pattern = s.length() == 20 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
        SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.parse(s).getTime();
    }

    @SuppressWarnings("unused")
    private static String iso(long t) {
        return Json.iso(t);
    }
}
