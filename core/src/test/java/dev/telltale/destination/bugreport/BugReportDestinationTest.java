package dev.telltale.destination.bugreport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.telltale.testkit.JsonTree.has;
import static dev.telltale.testkit.JsonTree.list;
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
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationKit;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.support.StackText;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.json.Json;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compatibility kit plus the auto bug-report contract: path, bearer token, every body field, envelope. */
class BugReportDestinationTest extends DestinationKit {
    static final String TOKEN = "tt_4e1c0b9a7d2f4a66b3e1";
    static final String PATH = "/api/bug-reports/auto";
    static final List<String> SEVERITIES = Arrays.asList("low", "medium", "high", "critical");

    private final BugReportDestinationFactory factory = new BugReportDestinationFactory();

    @Override
    protected Destination create(String baseUrl) {
        return factory.create(
                "bugreport+" + baseUrl.replace("://", "://" + TOKEN + "@") + "/api", TestEvents.settings());
    }

    @Override
    protected String eventPath() {
        return PATH;
    }

    @Override
    protected String secret() {
        return TOKEN;
    }

    @Override
    protected void assertWellFormed(Payload payload, Event event) throws IOException {
        Map<String, Object> b = JsonTree.object(payload.body());
        assertEquals("auto:server", str(b, "source"));
        assertEquals(BugReportEncoder.errorMessage(event), str(b, "errorMessage"));
        assertFalse(str(b, "errorMessage").isEmpty());
        assertFalse(str(b, "title").isEmpty());
        assertTrue(SEVERITIES.contains(str(b, "severity")));
        assertEquals(Json.iso(event.timestamp()), str(b, "occurredAt"));
        if (event.primaryException() != null) {
            String stack = str(b, "errorStack");
            assertTrue(stack.startsWith(event.primaryException().type()), "the trace starts with the thrown exception");
            assertTrue(stack.length() <= BugReportEncoder.MAX_STACK);
            assertEquals(event.primaryException().type(), str(b, "errorCode"));
        }
        str(b, "metadata", "runtime");
    }

    @Test
    void postsEveryFieldWithTheBearerToken() throws Exception {
        server.stubFor(
                post(urlPathEqualTo(PATH))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withBody(
                                                "{\"data\":{\"id\":\"bug_def456\",\"status\":\"open\"},\"success\":true,\"status\":201}")));
        Destination d = factory.create(
                "bugreport+" + server.baseUrl().replace("://", "://" + TOKEN + "@")
                        + "/api?source=auto:agent&workspaceId=ws_123&spaceId=space_456",
                TestEvents.settings());
        Event e = TestEvents.rich();
        assertEquals(Outcome.Kind.DELIVERED, d.deliver(d.encode(e), transport).kind());

        LoggedRequest r = server.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0);
        assertEquals("Bearer " + TOKEN, r.getHeader("Authorization"));
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        Map<String, Object> b = JsonTree.object(r.getBody());
        assertEquals(
                new LinkedHashSet<>(Arrays.asList(
                        "source",
                        "errorMessage",
                        "errorStack",
                        "errorCode",
                        "title",
                        "severity",
                        "workspaceId",
                        "spaceId",
                        "context",
                        "metadata",
                        "occurredAt",
                        "userJourney")),
                b.keySet());
        assertEquals("auto:agent", str(b, "source"));
        assertEquals("Order 42 failed", str(b, "errorMessage"));
        String stack = str(b, "errorStack");
        assertTrue(
                stack.startsWith(
                        "java.lang.RuntimeException: Order 42 failed\n\tat dev.telltale.testkit.TestEvents.rich("),
                stack);
        assertTrue(stack.contains("\n\tSuppressed: java.io.IOException: close failed\n\t\tat "), stack);
        assertTrue(stack.contains("\nCaused by: java.lang.IllegalStateException: db down\n\tat "), stack);
        assertEquals("java.lang.RuntimeException", str(b, "errorCode"));
        assertEquals("RuntimeException: Order 42 failed", str(b, "title"));
        assertEquals("high", str(b, "severity"));
        assertEquals("ws_123", str(b, "workspaceId"));
        assertEquals("space_456", str(b, "spaceId"));

        assertEquals("/orders/42", str(b, "context", "endpoint"));
        assertEquals("POST", str(b, "context", "method"));
        assertEquals("http://shop.local/orders/42", str(b, "context", "url"));
        assertEquals("curl/8", str(b, "context", "userAgent"));
        assertEquals("acme", str(b, "context", "tags", "tenant"));
        assertEquals("eu", str(b, "context", "tags", "region"));
        assertEquals("com.example.Orders", str(b, "context", "logger"));
        assertEquals("worker-1", str(b, "context", "thread"));
        assertEquals("u-7", str(b, "context", "user", "id"));
        assertEquals("ann", str(b, "context", "user", "username"));

        assertTrue(str(b, "metadata", "runtime").endsWith(e.platform().runtimeVersion()));
        assertEquals("shop@1.4.2", str(b, "metadata", "release"));
        assertEquals("staging", str(b, "metadata", "environment"));
        assertEquals("web-1", str(b, "metadata", "host"));
        assertTrue(str(b, "metadata", "os").startsWith(System.getProperty("os.name")));
        assertEquals(e.eventId(), str(b, "metadata", "eventId"));
        assertEquals("3 items", str(b, "metadata", "extra", "cart"));
        assertEquals("r-1", str(b, "metadata", "contexts", "mdc", "requestId"));

        assertEquals(Json.iso(e.timestamp()), str(b, "occurredAt"));
        assertEquals(Json.iso(e.journey().sessionStartedAt()), str(b, "userJourney", "sessionStartedAt"));
        List<Object> actions = list(b, "userJourney", "recentActions");
        assertEquals(e.journey().recentActions().size(), actions.size());
        for (int i = 0; i < actions.size(); i++) {
            JourneyAction a = e.journey().recentActions().get(i);
            assertEquals(
                    new LinkedHashSet<>(Arrays.asList("id", "source", "summary", "timestamp")),
                    ((Map<?, ?>) actions.get(i)).keySet());
            assertEquals(a.id(), str(actions.get(i), "id"));
            assertEquals(a.source(), str(actions.get(i), "source"));
            assertEquals(a.summary(), str(actions.get(i), "summary"));
            assertEquals(Json.iso(a.timestamp()), str(actions.get(i), "timestamp"));
        }
    }

    @Test
    void keepsErrorMessageIdenticalAcrossOccurrencesSoTheServerCanMergeThem() throws Exception {
        Destination d = destination();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Event e = TestEvents.of(new IllegalStateException("Connection timeout after 30000ms"));
            e = e.toBuilder().timestamp(e.timestamp() + i * 3_600_000L).build();
            bodies.add(JsonTree.object(d.encode(
                            Event.builder(i == 0 ? "aa" + e.eventId().substring(2) : e.eventId())
                                    .timestamp(e.timestamp())
                                    .exceptions(e.exceptions())
                                    .build())
                    .body()));
        }
        assertEquals(str(bodies.get(0), "errorMessage"), str(bodies.get(1), "errorMessage"));
        assertEquals("Connection timeout after 30000ms", str(bodies.get(0), "errorMessage"));
        assertEquals(str(bodies.get(0), "source"), str(bodies.get(1), "source"));
        assertFalse(str(bodies.get(0), "occurredAt").equals(str(bodies.get(1), "occurredAt")));
        // an exception without a message is named by its type, never by an id or a time
        assertEquals(
                "java.lang.NullPointerException",
                BugReportEncoder.errorMessage(TestEvents.of(new NullPointerException())));
    }

    @Test
    void writesTheStackTraceAsTheJvmPrintsIt() {
        IllegalStateException cause = new IllegalStateException("db down");
        RuntimeException top = new RuntimeException("Order 42 failed", cause);
        top.addSuppressed(new java.io.IOException("close failed"));
        StringWriter w = new StringWriter();
        top.printStackTrace(new PrintWriter(w));
        // the JVM adds module and class-loader names ("java.base/"), which frames do not keep
        String jvm = w.toString()
                .replaceAll("(\\tat )[^ (]*/", "$1")
                .replace(System.lineSeparator(), "\n")
                .trim();
        Event e = TestEvents.of(top);
        assertEquals(jvm, StackText.of(e.exceptions(), BugReportEncoder.MAX_STACK));
    }

    @Test
    void boundsTheStackTrace() {
        for (Event e : TestEvents.hostile()) {
            String s = StackText.of(e.exceptions(), 4_000);
            assertTrue(s.length() <= 4_000, e.title() + ": " + s.length());
        }
    }

    @Test
    void mapsSeverityFromLevelAndHandling() {
        assertEquals(
                "critical",
                BugReportEncoder.severity(TestEvents.process(
                        TestEvents.pending(new IllegalStateException(), Level.FATAL, Mechanism.MANUAL))));
        assertEquals(
                "critical",
                BugReportEncoder.severity(TestEvents.process(
                        TestEvents.pending(new IllegalStateException(), Level.ERROR, Mechanism.UNCAUGHT))));
        assertEquals("high", BugReportEncoder.severity(TestEvents.of(new IllegalStateException())));
        assertEquals("medium", BugReportEncoder.severity(TestEvents.message("slow", Level.WARNING)));
        assertEquals("low", BugReportEncoder.severity(TestEvents.message("hello", Level.INFO)));
        assertEquals("low", BugReportEncoder.severity(TestEvents.message("hello", Level.DEBUG)));
    }

    @Test
    void writesOneUserAgentWhateverTheHeaderCase() throws IOException {
        Event e = TestEvents.rich().toBuilder()
                .request(dev.telltale.event.RequestInfo.builder()
                        .method("GET")
                        .url("http://shop.local/x")
                        .header("User-Agent", "a")
                        .header("user-agent", "b")
                        .build())
                .build();
        Map<String, Object> b = JsonTree.object(destination().encode(e).body()); // refuses duplicate keys
        assertEquals("a", str(b, "context", "userAgent"));
        assertEquals("/x", str(b, "context", "endpoint"), "without a route, the URL's path");
    }

    @Test
    void takesTheErrorCodeTheApplicationSets() throws IOException {
        Event e = TestEvents.of(new IllegalStateException("timeout")).toBuilder()
                .tag("errorCode", "ETIMEDOUT")
                .build();
        assertEquals("ETIMEDOUT", str(JsonTree.object(destination().encode(e).body()), "errorCode"));
    }

    @Test
    void sendsAMessageEventWithoutStackOrCode() throws IOException {
        Map<String, Object> b = JsonTree.object(destination()
                .encode(TestEvents.message("Inventory low", Level.WARNING))
                .body());
        assertEquals("Inventory low", str(b, "errorMessage"));
        assertEquals("Inventory low", str(b, "title"));
        assertEquals("medium", str(b, "severity"));
        assertFalse(has(b, "errorStack"));
        assertFalse(has(b, "errorCode"));
        assertFalse(has(b, "userJourney"), "no journey, no empty one");

        Event templated = TestEvents.message("x", Level.WARNING).toBuilder()
                .message("Order {} failed", "Order 7 failed")
                .build();
        Map<String, Object> t = JsonTree.object(destination().encode(templated).body());
        assertEquals("Order {} failed", str(t, "errorMessage"), "occurrences with other arguments merge");
        assertEquals("Order 7 failed", str(t, "title"));
        assertEquals("Order 7 failed", str(t, "metadata", "message"));
    }

    // ---- responses ----

    @Test
    void classifiesAFailureEnvelopeCarriedBy200ByItsStatus() throws IOException {
        Destination d = destination();
        Outcome bad =
                answer(d, 200, "{\"data\":null,\"success\":false,\"status\":400,\"error\":\"source is required\"}");
        assertEquals(Outcome.Kind.DROP, bad.kind());
        assertTrue(bad.reason().contains("source is required"), bad.reason());

        assertEquals(
                Outcome.Kind.RETRY,
                answer(d, 200, "{\"data\":null,\"success\":false,\"status\":503}")
                        .kind());
        assertEquals(
                Outcome.Kind.RATE_LIMITED,
                answer(d, 200, "{\"data\":null,\"success\":false,\"status\":429}")
                        .kind());
    }

    @Test
    void namesTheTokenProblemOn401WithoutTheToken() throws IOException {
        Outcome o = answer(
                destination(),
                401,
                "{\"data\":null,\"success\":false,\"status\":401,\"error\":\"bad token " + TOKEN + "\"}");
        assertEquals(Outcome.Kind.DROP, o.kind());
        assertTrue(o.reason().contains("token"), o.reason());
        assertFalse(o.reason().contains(TOKEN), o.reason());
    }

    // ---- URIs ----

    @Test
    void postsUnderTheBasePath() {
        BugReportDestination d = (BugReportDestination)
                factory.create("bugreport+https://" + TOKEN + "@bugs.example.org/api/", TestEvents.settings());
        assertEquals("https://bugs.example.org/api/bug-reports/auto", d.url());
        assertEquals("bugreport(bugs.example.org/api)", d.name());
        BugReportDestination root = (BugReportDestination)
                factory.create("bugreport+http://" + TOKEN + "@127.0.0.1:3000", TestEvents.settings());
        assertEquals("http://127.0.0.1:3000/bug-reports/auto", root.url());
    }

    @Test
    void refusesMalformedUrisWithoutEchoingTheToken() {
        for (String bad : Arrays.asList(
                "bugreport+https://bugs.example.org/api",
                "bugreport+https://@bugs.example.org/api",
                "bugreport+https://" + TOKEN + "@/api",
                "bugreport+https://" + TOKEN + "@h/api?source=user:command",
                "bugreport+https://" + TOKEN + "@h/api?space=1",
                "bugreport+https://" + TOKEN + "@h:http/api")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> factory.create(bad, TestEvents.settings()), bad);
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        }
    }

    @Test
    void isFoundByTheBuiltInRegistry() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Diagnostics diag = new Diagnostics(false, new PrintStream(err, true));
        DestinationRegistry registry = new DestinationRegistry();
        assertNotNull(
                registry.create("bugreport+https://" + TOKEN + "@bugs.example.org/api", TestEvents.settings(), diag),
                err.toString());
        assertNull(registry.create(
                "bugreport+https://" + TOKEN + "@bugs.example.org/api?source=x", TestEvents.settings(), diag));
        assertFalse(err.toString().contains(TOKEN), err.toString());
    }
}
