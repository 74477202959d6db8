package dev.telltale.destination.bugnet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.telltale.testkit.JsonTree.at;
import static dev.telltale.testkit.JsonTree.has;
import static dev.telltale.testkit.JsonTree.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.telltale.event.Mechanism;
import dev.telltale.event.Platform;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.RecordingContext;
import dev.telltale.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compatibility kit plus Bugnet's contract: bug submission, sessions, envelope, rate limits, pacing. */
class BugnetDestinationTest extends DestinationKit {
    static final String KEY = "bn_live_7f3a9c2e51d84b06";
    static final String SUBMIT = "/api/bugs/submit";
    static final List<String> PRIORITIES = Arrays.asList("critical", "high", "medium", "low");

    private final BugnetDestinationFactory factory = new BugnetDestinationFactory();

    @Override
    protected Destination create(String baseUrl) {
        return factory.create("bugnet+" + baseUrl.replace("://", "://" + KEY + "@"), TestEvents.settings());
    }

    @Override
    protected String eventPath() {
        return SUBMIT;
    }

    @Override
    protected String secret() {
        return KEY;
    }

    @Override
    protected void assertWellFormed(Payload payload, Event event) throws IOException {
        Map<String, Object> b = JsonTree.object(payload.body());
        String title = str(b, "title");
        assertTrue(title.length() <= 300 && title.startsWith("[" + capitalized(event.level()) + "] "), title);
        String description = str(b, "description");
        assertTrue(!description.isEmpty() && description.length() <= BugnetEncoder.MAX_DESCRIPTION);
        if (event.primaryException() != null) {
            assertTrue(description.contains(event.primaryException().type()), "the trace names the exception");
        }
        assertEquals("crash", str(b, "category"));
        assertTrue(PRIORITIES.contains(str(b, "priority")));
        assertFalse(str(b, "platform").isEmpty());
        assertTrue(str(b, "os_info").length() <= 100);
        assertTrue(str(b, "device_info").length() <= 200);
        assertFalse(has(b, "api_key"));
    }

    // ---- the bug ----

    @Test
    void submitsABugWithEveryFieldAndTheApiKeyHeader() throws Exception {
        server.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withBody("{\"ok\":true,\"data\":{\"id\":\"a1b2\",\"status\":\"open\"}}")));
        Destination d = destination();
        Event e = TestEvents.rich();
        assertEquals(Outcome.Kind.DELIVERED, d.deliver(d.encode(e), transport).kind());

        LoggedRequest r =
                server.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).get(0);
        assertEquals(KEY, r.getHeader("X-API-Key"));
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        Map<String, Object> b = JsonTree.object(r.getBody());
        assertEquals(
                new LinkedHashSet<>(Arrays.asList(
                        "title",
                        "description",
                        "category",
                        "priority",
                        "steps_to_reproduce",
                        "platform",
                        "game_version",
                        "os_info",
                        "device_info")),
                b.keySet());
        assertEquals("[Error] RuntimeException: Order 42 failed", str(b, "title"));
        String description = str(b, "description");
        assertTrue(
                description.startsWith(
                        "Order 42 failed\n\nStack trace:\njava.lang.RuntimeException: Order 42 failed\n\tat "),
                description);
        assertTrue(description.contains("\n\tSuppressed: java.io.IOException: close failed\n\t\tat "), description);
        assertTrue(description.contains("\nCaused by: java.lang.IllegalStateException: db down\n\tat "), description);
        assertTrue(description.contains("\n\nRecent log lines:\n"), description);
        assertTrue(description.endsWith(" WARNING com.example.Orders: checkout started"), description);
        assertEquals("crash", str(b, "category"));
        assertEquals("high", str(b, "priority"), "a handled error");
        assertEquals("1. [request] GET /cart\n2. [com.example.Orders] checkout started", str(b, "steps_to_reproduce"));
        assertEquals(BugnetEncoder.platformOf(System.getProperty("os.name")), str(b, "platform"));
        assertEquals("shop@1.4.2", str(b, "game_version"));
        assertTrue(str(b, "os_info").startsWith(System.getProperty("os.name")));
        assertTrue(str(b, "device_info").endsWith("; host web-1"), str(b, "device_info"));
    }

    @Test
    void mapsPriorityFromHandlingAndLevel() {
        assertEquals(
                "critical",
                BugnetEncoder.priority(TestEvents.process(
                        TestEvents.pending(new IllegalStateException(), Level.ERROR, Mechanism.UNCAUGHT))));
        assertEquals(
                "critical",
                BugnetEncoder.priority(TestEvents.process(
                        TestEvents.pending(new IllegalStateException(), Level.FATAL, Mechanism.MANUAL))));
        assertEquals("high", BugnetEncoder.priority(TestEvents.of(new IllegalStateException())));
        assertEquals("medium", BugnetEncoder.priority(TestEvents.message("disk 91% full", Level.WARNING)));
        assertEquals("low", BugnetEncoder.priority(TestEvents.message("started", Level.INFO)));
        assertEquals("low", BugnetEncoder.priority(TestEvents.message("tick", Level.DEBUG)));
    }

    @Test
    void boundsTitleDescriptionAndInfoFields() throws IOException {
        String huge = new String(new char[50_000]).replace('\0', 'x');
        Event e = TestEvents.of(new IllegalStateException(huge));
        Map<String, Object> b = JsonTree.object(destination().encode(e).body());
        assertEquals(300, str(b, "title").length());
        assertTrue(str(b, "title").startsWith("[Error] IllegalStateException: xxx"));
        assertTrue(str(b, "description").length() <= BugnetEncoder.MAX_DESCRIPTION);
        Platform p = new Platform(huge, huge, huge, huge, huge, huge);
        assertEquals(100, BugnetEncoder.osInfo(p).length());
        assertEquals(200, BugnetEncoder.deviceInfo(p, "web-1").length());
        assertEquals("[Info] cache warmed", BugnetEncoder.title(TestEvents.message("cache warmed", Level.INFO)));
    }

    // ---- responses ----

    @Test
    void dropsWhatTheEnvelopeRefusesEvenWith200() throws IOException {
        Outcome o = answer(destination(), 200, "{\"ok\":false,\"error\":\"project is archived\"}");
        assertEquals(Outcome.Kind.DROP, o.kind());
        assertTrue(o.reason().contains("project is archived"), o.reason());
    }

    @Test
    void namesTheValidationErrorOf400AndTheKeyProblemOf401() throws IOException {
        Destination d = destination();
        Outcome o = answer(d, 400, "{\"ok\":false,\"error\":\"title is required\"}");
        assertEquals(Outcome.Kind.DROP, o.kind());
        assertTrue(o.reason().contains("title is required"), o.reason());

        Outcome k = answer(d, 401, "{\"ok\":false,\"error\":\"invalid api key " + KEY + "\"}");
        assertEquals(Outcome.Kind.DROP, k.kind());
        assertTrue(k.reason().contains("API key"), k.reason());
        assertFalse(k.reason().contains(KEY), "an echoed key is masked: " + k.reason());
    }

    @Test
    void waitsForTheResetTimeOfA429AndSendsNothingMeanwhile() throws IOException {
        long reset = System.currentTimeMillis() / 1000 + 30;
        server.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("X-RateLimit-Limit", "30")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(reset))
                        .withBody("{\"ok\":false,\"error\":\"rate limited\"}")));
        Destination d = destination();
        Outcome o = d.deliver(d.encode(TestEvents.rich()), transport);
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertTrue(o.categories().isEmpty(), "every category waits");
        assertTrue(o.retryAfterMillis() > 27_000 && o.retryAfterMillis() <= 31_000, "waits " + o.retryAfterMillis());

        Outcome held = d.deliver(d.encode(TestEvents.rich()), transport);
        assertEquals(Outcome.Kind.RATE_LIMITED, held.kind());
        assertTrue(
                held.retryAfterMillis() > 25_000 && held.retryAfterMillis() <= 31_000,
                "waits " + held.retryAfterMillis());
        assertEquals(
                1, server.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).size(), "nothing sent before the reset");
    }

    @Test
    void stopsWhenTheRemainingBudgetIsZeroUntilTheReset() throws IOException {
        long reset = System.currentTimeMillis() / 1000 + 20;
        server.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(reset))
                        .withBody("{\"ok\":true,\"data\":{}}")));
        Destination d = destination();
        assertEquals(
                Outcome.Kind.DELIVERED,
                d.deliver(d.encode(TestEvents.rich()), transport).kind());
        Outcome next = d.deliver(d.encode(TestEvents.rich()), transport);
        assertEquals(Outcome.Kind.RATE_LIMITED, next.kind());
        assertTrue(
                next.retryAfterMillis() > 15_000 && next.retryAfterMillis() <= 21_000,
                "waits " + next.retryAfterMillis());
        assertEquals(1, server.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).size());
    }

    @Test
    void pacesItselfToThirtyRequestsAMinute() throws IOException {
        server.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(aResponse().withStatus(201).withBody("{\"ok\":true}")));
        Destination d = destination();
        Payload p = d.encode(TestEvents.rich());
        for (int i = 0; i < 30; i++) {
            assertEquals(Outcome.Kind.DELIVERED, d.deliver(p, transport).kind(), "request " + (i + 1));
        }
        Outcome o = d.deliver(p, transport);
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(0, o.status(), "held back by the pacer, not refused by the server");
        assertTrue(o.retryAfterMillis() > 0 && o.retryAfterMillis() <= 60_000, "waits " + o.retryAfterMillis());
        assertEquals(
                30, server.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).size());
    }

    @Test
    void believesALowerAnnouncedLimit() throws IOException {
        server.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("X-RateLimit-Limit", "3")
                        .withBody("{\"ok\":true}")));
        Destination d = destination();
        Payload p = d.encode(TestEvents.rich());
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.Kind.DELIVERED, d.deliver(p, transport).kind());
        }
        assertEquals(Outcome.Kind.RATE_LIMITED, d.deliver(p, transport).kind());
        assertEquals(3, server.findAll(postRequestedFor(urlPathEqualTo(SUBMIT))).size());
    }

    @Test
    void paceWindowSlides() {
        Pacer pacer = new Pacer(2, 1_000);
        assertEquals(0, pacer.waitMillis(0));
        pacer.record(0);
        pacer.record(400);
        assertEquals(1_000, pacer.waitMillis(0));
        assertEquals(100, pacer.waitMillis(900));
        assertEquals(0, pacer.waitMillis(1_000));
        pacer.record(1_000);
        assertEquals(400, pacer.waitMillis(1_000), "now the request at 400 is the oldest of the last two");
        pacer.blockUntil(5_000);
        assertEquals(3_000, pacer.waitMillis(2_000));
    }

    @Test
    void readsTheResetAsAUnixTime() {
        long now = 1_700_000_000_000L;
        assertEquals(30_000, BugnetDestination.resetMillis("1700000030", now));
        assertEquals(0, BugnetDestination.resetMillis("1699999990", now), "a past reset: go now");
        assertEquals(12_000, BugnetDestination.resetMillis("12", now), "a small number is seconds from now");
        assertEquals(BugnetDestination.MAX_WAIT_MILLIS, BugnetDestination.resetMillis("1800000000", now), "capped");
        assertEquals(-1, BugnetDestination.resetMillis("soon", now));
        assertEquals(-1, BugnetDestination.resetMillis(null, now));
    }

    // ---- sessions ----

    @Test
    void startsAndEndsAGameSessionWithTheCrashedFlag() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/sessions/start"))
                .willReturn(aResponse().withStatus(201).withBody("{\"ok\":true,\"data\":{}}")));
        server.stubFor(post(urlPathEqualTo("/api/sessions/end"))
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true,\"data\":{}}")));
        Settings s = TestEvents.settings();
        Destination d = destination();
        RecordingContext ctx = new RecordingContext(s);
        d.start(ctx);
        d.stop(ctx, true);
        assertEquals(2, ctx.submitted.size());
        for (Payload p : ctx.submitted) {
            assertEquals(Payload.CATEGORY_SESSION, p.category());
            assertFalse(new String(p.body(), StandardCharsets.UTF_8).contains(KEY), "no key in the outbox");
            assertEquals(Outcome.Kind.DELIVERED, d.deliver(p, transport).kind());
        }
        LoggedRequest start = server.findAll(postRequestedFor(urlPathEqualTo("/api/sessions/start")))
                .get(0);
        Map<String, Object> sb = JsonTree.object(start.getBody());
        assertEquals(
                new LinkedHashSet<>(Arrays.asList(
                        "api_key", "session_token", "platform", "game_version", "device_info", "os_info")),
                sb.keySet());
        assertEquals(KEY, str(sb, "api_key"));
        assertEquals(KEY, start.getHeader("X-API-Key"));
        String token = str(sb, "session_token");
        assertTrue(token.matches("[0-9a-f]{32}"), token);
        assertEquals(BugnetEncoder.platformOf(System.getProperty("os.name")), str(sb, "platform"));
        assertEquals("shop@1.4.2", str(sb, "game_version"));
        assertTrue(str(sb, "device_info").contains("host web-1"));
        assertTrue(str(sb, "os_info").startsWith(System.getProperty("os.name")));

        Map<String, Object> eb = JsonTree.object(server.findAll(postRequestedFor(urlPathEqualTo("/api/sessions/end")))
                .get(0)
                .getBody());
        assertEquals(new LinkedHashSet<>(Arrays.asList("api_key", "session_token", "crashed")), eb.keySet());
        assertEquals(KEY, str(eb, "api_key"));
        assertEquals(token, str(eb, "session_token"));
        assertEquals(Boolean.TRUE, at(eb, "crashed"));
    }

    @Test
    void endsACleanRunWithCrashedFalseAndSendsNoSessionsWhenOff() throws IOException {
        Settings s = TestEvents.settings();
        Destination d = destination();
        RecordingContext ctx = new RecordingContext(s);
        d.start(ctx);
        d.stop(ctx, false);
        d.stop(ctx, false); // a second close sends nothing more
        assertEquals(2, ctx.submitted.size());
        assertEquals(Boolean.FALSE, at(JsonTree.object(ctx.submitted.get(1).body()), "crashed"));

        Destination off =
                factory.create("bugnet+" + server.baseUrl().replace("://", "://" + KEY + "@") + "?sessions=false", s);
        RecordingContext none = new RecordingContext(s);
        off.start(none);
        off.stop(none, true);
        assertTrue(none.submitted.isEmpty());
    }

    // ---- URIs ----

    @Test
    void usesBugnetsPublicApiForAKeyAlone() {
        BugnetDestination d = (BugnetDestination) factory.create("bugnet://" + KEY, TestEvents.settings());
        assertEquals("https://api.bugnet.io", d.base());
        assertEquals("bugnet(api.bugnet.io)", d.name());
        BugnetDestination p = (BugnetDestination) factory.create(
                "bugnet+https://" + KEY + "@bugs.example.org:8443/gateway/?platform=steamdeck", TestEvents.settings());
        assertEquals("https://bugs.example.org:8443/gateway", p.base());
        assertEquals("bugnet(bugs.example.org:8443/gateway)", p.name());
    }

    @Test
    void refusesMalformedUrisWithoutEchoingTheKey() {
        for (String bad : Arrays.asList(
                "bugnet://",
                "bugnet://" + KEY + "@api.example",
                "bugnet://" + KEY + "/p",
                "bugnet+https://" + KEY,
                "bugnet+http://" + KEY + "@host:0",
                "bugnet://" + KEY + "?session=false",
                "bugnet+https://@host",
                "bugnet://" + KEY + "?sessions=perhaps")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> factory.create(bad, TestEvents.settings()), bad);
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
    }

    @Test
    void isFoundByTheBuiltInRegistry() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Diagnostics diag = new Diagnostics(false, new PrintStream(err, true));
        Destination d = new DestinationRegistry().create("bugnet://" + KEY, TestEvents.settings(), diag);
        assertNotNull(d, err.toString());
        assertNull(new DestinationRegistry().create("bugnet://" + KEY + "?x=1", TestEvents.settings(), diag));
        assertFalse(err.toString().contains(KEY), err.toString());
    }

    private static String capitalized(Level l) {
        return Character.toUpperCase(l.wireName().charAt(0)) + l.wireName().substring(1);
    }
}
