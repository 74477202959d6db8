package dev.telltale.destination.sentry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationKit;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.StackFrame;
import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.TestEvents;
import io.sentry.SentryEvent;
import io.sentry.protocol.Mechanism;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The Sentry destination against the shared kit, a real HTTP server, the official SDK and the event schema. */
class SentryDestinationTest extends DestinationKit {
    static final String KEY = "pubkey1234";
    static final String SECRET = "secretsecret99";
    static final String VERSION = SentryDestinationFactory.Version.VALUE;

    @Override
    protected Destination create(String baseUrl) {
        return new SentryDestinationFactory().create(dsn(baseUrl, KEY + ":" + SECRET, "/42"), TestEvents.settings());
    }

    static String dsn(String baseUrl, String userInfo, String path) {
        return baseUrl.replace("://", "://" + userInfo + "@") + path;
    }

    @Override
    protected String eventPath() {
        return "/api/42/envelope/";
    }

    @Override
    protected String secret() {
        return SECRET;
    }

    @Override
    protected void assertWellFormed(Payload payload, Event event) throws IOException {
        assertEquals("application/x-sentry-envelope", payload.contentType());
        assertEquals(
                event.exceptions().isEmpty() ? Payload.CATEGORY_DEFAULT : Payload.CATEGORY_ERROR, payload.category());
        SentryWire.Lines lines = SentryWire.split(payload.body());
        assertTrue(lines.header.path("event_id").asText().matches("[0-9a-f]{32}"), "event_id " + lines.header);
        assertEquals(event.eventId(), lines.header.path("event_id").asText());
        assertEquals("telltale.java", lines.header.path("sdk").path("name").asText());
        assertFalse(lines.header.has("dsn"), "the stored payload carries no DSN: " + lines.header);
        assertEquals("event", lines.itemHeader.path("type").asText());
        assertTrue(lines.item.length <= 1024 * 1024, "event item of " + lines.item.length + " bytes");
        SentryWire.assertValid(lines.item, event.title());
        try {
            SentryWire.Parsed parsed = SentryWire.parseWithSdk(payload.body());
            assertTrue(parsed.errors.isEmpty(), "the SDK complained: " + parsed.errors);
            assertEquals(
                    event.eventId(), parsed.envelope.getHeader().getEventId().toString());
            SentryEvent e = parsed.event;
            assertEquals(event.eventId(), e.getEventId().toString());
            assertEquals(event.level().wireName(), e.getLevel().name().toLowerCase(java.util.Locale.ROOT));
            assertEquals("java", e.getPlatform());
            List<SentryException> ex =
                    e.getExceptions() == null ? Collections.<SentryException>emptyList() : e.getExceptions();
            assertEquals(event.exceptions().size(), ex.size(), "exceptions");
            if (!ex.isEmpty()) {
                SentryException thrown = ex.get(ex.size() - 1);
                assertEquals(event.primaryException().simpleType(), thrown.getType());
                assertEquals(0, thrown.getMechanism().getExceptionId());
                assertNull(thrown.getMechanism().getParentId());
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** {@code localhost:PORT} of the kit's WireMock server. */
    private static String serverHostPort() {
        return server.baseUrl().substring(server.baseUrl().indexOf("://") + 3);
    }

    private Destination destination(String userInfo, String path) {
        return new SentryDestinationFactory().create(dsn(server.baseUrl(), userInfo, path), TestEvents.settings());
    }

    // ------------------------------------------------------------------ the wire

    @Test
    void postsTheEnvelopeGzippedToTheProjectUrlWithSentryHeaders() throws Exception {
        server.stubFor(post(urlEqualTo("/api/42/envelope/"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"x\"}")));
        Destination d = destination();
        Event e = TestEvents.rich();
        Payload p = d.encode(e);
        long before = System.currentTimeMillis();
        assertEquals(Outcome.Kind.DELIVERED, d.deliver(p, transport).kind());

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo("/api/42/envelope/")));
        assertEquals(1, requests.size());
        LoggedRequest r = requests.get(0);
        assertEquals(
                "Sentry sentry_version=7, sentry_client=telltale-java/" + VERSION + ", sentry_key=" + KEY
                        + ", sentry_secret=" + SECRET,
                r.getHeader("X-Sentry-Auth"));
        assertEquals("application/x-sentry-envelope", r.getHeader("Content-Type"));
        assertEquals("gzip", r.getHeader("Content-Encoding"));
        assertEquals("telltale-java/" + VERSION, r.getHeader("User-Agent"));
        assertFalse(VERSION.equals("unknown") || VERSION.contains("${"), "version " + VERSION);

        byte[] sent = r.getBody(); // WireMock has already gunzipped it
        SentryWire.Lines lines = SentryWire.split(sent);
        assertEquals(e.eventId(), lines.header.path("event_id").asText());
        assertEquals(
                "http://" + KEY + "@" + serverHostPort() + "/42",
                lines.header.path("dsn").asText());
        long sentAt =
                java.time.Instant.parse(lines.header.path("sent_at").asText()).toEpochMilli();
        assertTrue(sentAt >= before - 1 && sentAt <= System.currentTimeMillis() + 1, "sent_at " + sentAt);
        assertEquals(
                new String(SentryWire.split(p.body()).item, StandardCharsets.UTF_8),
                new String(lines.item, StandardCharsets.UTF_8));
        assertFalse(new String(sent, StandardCharsets.UTF_8).contains(SECRET), "the secret travels in the header only");
        SentryWire.Parsed parsed = SentryWire.parseWithSdk(sent);
        assertEquals(sentAt, parsed.envelope.getHeader().getSentAt().getTime());
        assertEquals(e.eventId(), parsed.envelope.getHeader().getEventId().toString());
    }

    @Test
    void sendsRealGzipNeverZlibDeflate() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        Map<String, String> headers = new ConcurrentHashMap<>();
        HttpServer raw = rawServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), bodies, headers);
        try {
            Destination d = new SentryDestinationFactory()
                    .create("http://" + KEY + "@127.0.0.1:" + raw.getAddress().getPort() + "/7", TestEvents.settings());
            Payload p = d.encode(TestEvents.rich());
            assertEquals(Outcome.Kind.DELIVERED, d.deliver(p, transport).kind());
            assertEquals(1, bodies.size());
            byte[] wire = bodies.get(0);
            assertEquals(0x1f, wire[0] & 0xff, "gzip magic");
            assertEquals(0x8b, wire[1] & 0xff, "gzip magic");
            assertEquals("gzip", headers.get("content-encoding"));
            assertEquals("/api/7/envelope/", headers.get("path"));
            byte[] plain = gunzip(wire);
            assertEquals(
                    new String(SentryWire.split(p.body()).item, StandardCharsets.UTF_8),
                    new String(SentryWire.split(plain).item, StandardCharsets.UTF_8));
            assertEquals(
                    "Sentry sentry_version=7, sentry_client=telltale-java/" + VERSION + ", sentry_key=" + KEY,
                    headers.get("x-sentry-auth"),
                    "no sentry_secret when the DSN has none");
        } finally {
            raw.stop(0);
        }
    }

    @Test
    void deliversToADsnWithAPathPrefix() throws Exception {
        server.stubFor(post(urlEqualTo("/errors/sentry/api/3/envelope/"))
                .withHeader(
                        "X-Sentry-Auth",
                        equalTo("Sentry sentry_version=7, sentry_client=telltale-java/" + VERSION + ", sentry_key="
                                + KEY))
                .willReturn(aResponse().withStatus(200)));
        Destination d = destination(KEY, "/errors/sentry/3");
        assertEquals("sentry(" + serverHostPort() + "/errors/sentry/3)", d.name());
        assertEquals(
                Outcome.Kind.DELIVERED,
                d.deliver(d.encode(TestEvents.rich()), transport).kind());
        LoggedRequest r = server.findAll(postRequestedFor(urlEqualTo("/errors/sentry/api/3/envelope/")))
                .get(0);
        assertEquals(
                "http://" + KEY + "@" + serverHostPort() + "/errors/sentry/3",
                SentryWire.split(r.getBody()).header.path("dsn").asText());
    }

    @Test
    void deliversToAnIpv6LoopbackDsn() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        Map<String, String> headers = new ConcurrentHashMap<>();
        HttpServer raw = rawServer(new InetSocketAddress(InetAddress.getByName("::1"), 0), bodies, headers);
        try {
            String dsn = "http://" + KEY + "@[::1]:" + raw.getAddress().getPort() + "/5";
            Destination d = new SentryDestinationFactory().create(dsn, TestEvents.settings());
            assertEquals("sentry([::1]:" + raw.getAddress().getPort() + "/5)", d.name());
            Event e = TestEvents.rich();
            assertEquals(
                    Outcome.Kind.DELIVERED, d.deliver(d.encode(e), transport).kind());
            assertEquals("/api/5/envelope/", headers.get("path"));
            assertEquals(
                    e.eventId(),
                    SentryWire.split(gunzip(bodies.get(0)))
                            .header
                            .path("event_id")
                            .asText());
        } finally {
            raw.stop(0);
        }
    }

    @Test
    void neverNamesAnyKeyInItsName() {
        Destination d = destination();
        assertEquals("sentry(" + serverHostPort() + "/42)", d.name());
        assertFalse(d.name().contains(KEY));
    }

    // ------------------------------------------------------------------ rate limits

    private Outcome answer429(Event e, String rateLimits, String retryAfter) throws IOException {
        com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r =
                aResponse().withStatus(429);
        if (rateLimits != null) {
            r = r.withHeader("X-Sentry-Rate-Limits", rateLimits);
        }
        if (retryAfter != null) {
            r = r.withHeader("Retry-After", retryAfter);
        }
        server.stubFor(post(urlEqualTo("/api/42/envelope/")).willReturn(r));
        Destination d = destination();
        return d.deliver(d.encode(e), transport);
    }

    @Test
    void limitsTheCategoriesNamedInSentryRateLimits() throws IOException {
        Outcome o = answer429(
                TestEvents.rich(),
                "60:error;default;security:organization:quota_exceeded, 3600:transaction:project",
                null);
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(60_000L, o.retryAfterMillis());
        assertEquals(new HashSet<>(Arrays.asList("error", "default")), o.categories());
        assertTrue(o.reason().contains("quota_exceeded"), o.reason());
    }

    @Test
    void anEmptyCategoryListLimitsEverything() throws IOException {
        Outcome o = answer429(TestEvents.rich(), "120::key", null);
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(120_000L, o.retryAfterMillis());
        assertTrue(o.categories().isEmpty(), "all categories: " + o.categories());
    }

    @Test
    void sentryRateLimitsTakesPrecedenceOverRetryAfter() throws IOException {
        Outcome o = answer429(TestEvents.rich(), "45:error:project", "5");
        assertEquals(45_000L, o.retryAfterMillis());
        assertEquals(Collections.singleton("error"), o.categories());
    }

    @Test
    void aMessageEventIsLimitedByTheDefaultCategory() throws IOException {
        Outcome o = answer429(
                TestEvents.message("disk almost full", Level.WARNING), "30:error, 90:default:organization", null);
        assertEquals(90_000L, o.retryAfterMillis());
        assertEquals(Collections.singleton("default"), o.categories());
    }

    @Test
    void limitsOnOtherCategoriesFallBackToRetryAfter() throws IOException {
        Outcome o = answer429(TestEvents.rich(), "30:transaction;replay", "7");
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(7_000L, o.retryAfterMillis());
        assertTrue(o.categories().isEmpty());
    }

    @Test
    void anUnreadableWaitInSentryRateLimitsMeansTheDefaultMinute() throws IOException {
        Outcome o = answer429(TestEvents.rich(), "soon:error", null);
        assertEquals(60_000L, o.retryAfterMillis());
        assertEquals(Collections.singleton("error"), o.categories());
    }

    private Outcome answer200(Event e, String rateLimits) throws IOException {
        server.stubFor(post(urlEqualTo("/api/42/envelope/"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Sentry-Rate-Limits", rateLimits)));
        Destination d = destination();
        return d.deliver(d.encode(e), transport);
    }

    @Test
    void aSuccessCarryingALimitOnItsCategoryIsAcceptedAndLimitsWhatFollows() throws IOException {
        // As the official SDK: X-Sentry-Rate-Limits counts on a 200 too (issue 19, defect 1).
        Outcome o = answer200(TestEvents.rich(), "60:error;transaction:organization:quota_exceeded");
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(200, o.status(), "a 2xx status: the payload itself was accepted");
        assertEquals(60_000L, o.retryAfterMillis());
        assertEquals(Collections.singleton("error"), o.categories());
        assertTrue(o.reason().contains("quota_exceeded"), o.reason());
    }

    @Test
    void aSuccessLimitingEverythingLimitsEveryCategory() throws IOException {
        Outcome o = answer200(TestEvents.message("disk almost full", Level.WARNING), "30::key");
        assertEquals(Outcome.Kind.RATE_LIMITED, o.kind());
        assertEquals(200, o.status());
        assertEquals(30_000L, o.retryAfterMillis());
        assertTrue(o.categories().isEmpty(), "all categories: " + o.categories());
    }

    @Test
    void aSuccessLimitingOnlyCategoriesTelltaleNeverSendsIsPlainlyDelivered() throws IOException {
        assertEquals(
                Outcome.Kind.DELIVERED,
                answer200(TestEvents.rich(), "60:transaction;replay:organization")
                        .kind());
    }

    // ------------------------------------------------------------------ the event

    @Test
    void theOfficialSdkReadsBackEveryFieldOfARichEvent() throws Exception {
        Event e = TestEvents.rich();
        Payload p = destination().encode(e);
        SentryWire.Parsed parsed = SentryWire.parseWithSdk(p.body());
        assertTrue(parsed.errors.isEmpty(), "the SDK complained: " + parsed.errors);
        SentryEvent s = parsed.event;

        assertEquals(io.sentry.SentryLevel.ERROR, s.getLevel());
        assertEquals("shop@1.4.2", s.getRelease());
        assertEquals("staging", s.getEnvironment());
        assertEquals("web-1", s.getServerName());
        assertEquals("com.example.Orders", s.getLogger());
        assertEquals(e.timestamp(), s.getTimestamp().getTime());
        assertEquals("telltale.java", s.getSdk().getName());
        assertEquals(VERSION, s.getSdk().getVersion());
        assertEquals(
                "maven:dev.telltale:telltale-core",
                s.getSdk().getPackageSet().iterator().next().getName());

        // Root cause first, the thrown exception last, suppressed ones before their parent.
        List<SentryException> ex = s.getExceptions();
        assertEquals(3, ex.size());
        assertEquals(Arrays.asList("IllegalStateException", "IOException", "RuntimeException"), types(ex));
        assertEquals(Arrays.asList("db down", "close failed", "Order 42 failed"), values(ex));
        assertEquals(Arrays.asList("java.lang", "java.io", "java.lang"), modules(ex));
        Mechanism cause = ex.get(0).getMechanism();
        Mechanism suppressed = ex.get(1).getMechanism();
        Mechanism thrown = ex.get(2).getMechanism();
        assertEquals("chained", cause.getType());
        assertEquals(2, cause.getExceptionId());
        assertEquals(0, cause.getParentId());
        assertEquals("suppressed", suppressed.getType());
        assertEquals(1, suppressed.getExceptionId());
        assertEquals(0, suppressed.getParentId());
        assertEquals("logback", thrown.getType());
        assertEquals(Boolean.TRUE, thrown.isHandled());
        assertEquals(0, thrown.getExceptionId());
        assertNull(thrown.getParentId());

        // Frames oldest call first, with in_app as the model decided.
        ExceptionInfo top = e.primaryException();
        List<SentryStackFrame> frames = ex.get(2).getStacktrace().getFrames();
        assertEquals(top.frames().size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            StackFrame m = top.frames().get(top.frames().size() - 1 - i);
            SentryStackFrame f = frames.get(i);
            assertEquals(m.methodName(), f.getFunction());
            assertEquals(m.className(), f.getModule());
            assertEquals(m.fileName().isEmpty() ? null : m.fileName(), f.getFilename());
            assertEquals(m.lineNumber() >= 0 ? Integer.valueOf(m.lineNumber()) : null, f.getLineno());
            assertEquals(m.inApp(), f.isInApp());
        }

        List<io.sentry.Breadcrumb> crumbs = s.getBreadcrumbs();
        assertEquals(2, crumbs.size());
        assertEquals("GET /cart", crumbs.get(0).getMessage());
        assertEquals("navigation", crumbs.get(0).getType());
        assertEquals("request", crumbs.get(0).getCategory());
        assertEquals(io.sentry.SentryLevel.INFO, crumbs.get(0).getLevel());
        assertEquals("checkout started", crumbs.get(1).getMessage());
        assertEquals(io.sentry.SentryLevel.WARNING, crumbs.get(1).getLevel());
        assertEquals("42", crumbs.get(1).getData("order"));
        assertEquals(
                e.breadcrumbs().get(0).timestamp(), crumbs.get(0).getTimestamp().getTime());

        assertEquals("u-7", s.getUser().getId());
        assertEquals("ann", s.getUser().getUsername());
        assertEquals("ann@example.com", s.getUser().getEmail());
        assertEquals("acme", s.getTag("tenant"));
        assertEquals("eu", s.getTag("region"));
        assertEquals("3 items", s.getExtra("cart"));

        io.sentry.protocol.Request r = s.getRequest();
        assertEquals("POST", r.getMethod());
        assertEquals("http://shop.local/orders/42", r.getUrl());
        assertEquals(e.request().queryString(), r.getQueryString());
        assertEquals("curl/8", r.getHeaders().get("User-Agent"));
        assertEquals(e.request().headers(), r.getHeaders());
        assertEquals("POST /orders/42", s.getTransaction());

        assertEquals(e.platform().runtimeVersion(), s.getContexts().getRuntime().getVersion());
        assertEquals(e.platform().osName(), s.getContexts().getOperatingSystem().getName());
        assertNotNull(s.getContexts().get("journey"), "journey context");
        assertEquals("r-1", ((Map<?, ?>) s.getContexts().get("mdc")).get("requestId"));
        assertEquals("worker-1", s.getThreads().get(0).getName());

        Map<?, ?> logentry = (Map<?, ?>) s.getUnknown().get("logentry");
        assertEquals("Order {} failed", logentry.get("message"));
        assertEquals("Order 42 failed", logentry.get("formatted"));
    }

    @Test
    void framesGoOldestFirstWithInAppAsDecided() throws Exception {
        RuntimeException t = new RuntimeException("boom");
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.lib.Pool", "borrow", "Pool.java", 88),
            new StackTraceElement("com.example.shop.Checkout", "pay", "Checkout.java", 42),
            new StackTraceElement("com.example.shop.Main", "main", "Main.java", 7),
            new StackTraceElement("java.lang.Thread", "run", null, -2)
        });
        Event e = TestEvents.of(t);
        SentryWire.Parsed parsed =
                SentryWire.parseWithSdk(destination().encode(e).body());
        List<SentryStackFrame> f =
                parsed.event.getExceptions().get(0).getStacktrace().getFrames();
        assertEquals(
                Arrays.asList("run", "main", "pay", "borrow"),
                Arrays.asList(
                        f.get(0).getFunction(),
                        f.get(1).getFunction(),
                        f.get(2).getFunction(),
                        f.get(3).getFunction()));
        assertEquals(
                Arrays.asList(false, true, true, false),
                Arrays.asList(
                        f.get(0).isInApp(),
                        f.get(1).isInApp(),
                        f.get(2).isInApp(),
                        f.get(3).isInApp()));
        assertEquals(
                Arrays.asList(null, 7, 42, 88),
                Arrays.asList(
                        f.get(0).getLineno(),
                        f.get(1).getLineno(),
                        f.get(2).getLineno(),
                        f.get(3).getLineno()));
        assertNull(f.get(0).getFilename(), "a native frame has no file");
        assertEquals("com.example.shop.Checkout", f.get(2).getModule());
        assertEquals("Checkout.java", f.get(2).getFilename());
    }

    @Test
    void everyProducedEventValidatesAgainstTheSentrySchema() throws Exception {
        Destination d = destination();
        List<Event> events = new ArrayList<>();
        events.add(TestEvents.rich());
        events.add(TestEvents.message("cache warmed in 42 ms", Level.INFO));
        events.add(journeyEvent());
        events.addAll(TestEvents.hostile());
        for (Event e : events) {
            Payload p = encodeToFit(d, e);
            SentryWire.assertValid(SentryWire.split(p.body()).item, e.title());
        }
    }

    @Test
    void theSchemaCheckCatchesAKeySentryDoesNotDefine() throws Exception {
        byte[] item = SentryWire.split(destination().encode(TestEvents.rich()).body()).item;
        String json = new String(item, StandardCharsets.UTF_8);
        String bad = json.replaceFirst("\\{", "{\"title\":\"not a Sentry key\",");
        assertFalse(
                SentryWire.violations(bad.getBytes(StandardCharsets.UTF_8)).isEmpty(),
                "the validator accepts anything");
        String frameNative = json.replaceFirst("\"in_app\":", "\"native\":false,\"in_app\":");
        assertFalse(
                SentryWire.violations(frameNative.getBytes(StandardCharsets.UTF_8))
                        .isEmpty(),
                "nested keys are not checked");
    }

    @Test
    void hostileExceptionsStillParseInTheOfficialSdk() throws Exception {
        Destination d = destination();
        for (Map.Entry<String, Throwable> h : HostileExceptions.all().entrySet()) {
            Event e = TestEvents.of(h.getValue());
            Payload p = encodeToFit(d, e);
            assertTrue(p.size() <= d.maxPayloadBytes(), h.getKey() + " is " + p.size() + " bytes");
            SentryWire.Parsed parsed = SentryWire.parseWithSdk(p.body());
            assertTrue(parsed.errors.isEmpty(), h.getKey() + ": the SDK complained: " + parsed.errors);
            List<SentryException> ex = parsed.event.getExceptions();
            assertEquals(e.exceptions().size(), ex.size(), h.getKey());
            assertEquals(
                    e.primaryException().simpleType(), ex.get(ex.size() - 1).getType(), h.getKey());
            for (int i = 0; i < ex.size(); i++) {
                assertEquals(
                        ex.size() - 1 - i,
                        ex.get(i).getMechanism().getExceptionId(),
                        h.getKey() + " ids count down to the thrown one");
                Integer parent = ex.get(i).getMechanism().getParentId();
                if (i < ex.size() - 1) {
                    assertNotNull(parent, h.getKey() + ": only the last value has no parent");
                    assertTrue(
                            parent < ex.get(i).getMechanism().getExceptionId(),
                            h.getKey() + ": a parent comes after its child");
                }
            }
        }
    }

    @Test
    void aDeepStackKeepsBothEndsAndSaysHowManyFramesWereCut() throws Exception {
        Event e = TestEvents.of(HostileExceptions.deepStack(10_000));
        SentryWire.Parsed parsed =
                SentryWire.parseWithSdk(destination().encode(e).body());
        SentryException x = parsed.event.getExceptions().get(0);
        assertEquals(
                e.primaryException().frames().size(),
                x.getStacktrace().getFrames().size());
        assertEquals(
                e.primaryException().framesOmitted(),
                ((Number) x.getMechanism().getData().get("frames_omitted")).intValue());
    }

    @Test
    void cutsLongLoggerNamesToBugsinksSixtyFourCharactersKeepingTheClassName() throws Exception {
        String logger = "com.example.some.very.deeply.nested.package.structure.that.goes.on.CheckoutService";
        Event e = TestEvents.message("x", Level.INFO).toBuilder().logger(logger).build();
        SentryWire.Parsed parsed =
                SentryWire.parseWithSdk(destination().encode(e).body());
        assertEquals(64, parsed.event.getLogger().length());
        assertTrue(parsed.event.getLogger().endsWith(".CheckoutService"), parsed.event.getLogger());
        assertEquals("short.Logger", SentryEventJson.logger("short.Logger"));
    }

    @Test
    void shapesTagsSoSentryKeepsThem() throws Exception {
        String longValue = new String(new char[300]).replace('\0', 'v');
        Event e = TestEvents.message("x", Level.INFO).toBuilder()
                .tag("order id", "a\nb")
                .tag("long", longValue)
                .build();
        SentryWire.Parsed parsed =
                SentryWire.parseWithSdk(destination().encode(e).body());
        assertEquals("a b", parsed.event.getTag("order_id"));
        assertEquals(200, parsed.event.getTag("long").length());
    }

    @Test
    void theJourneyTravelsAsBreadcrumbsAndAContext() throws Exception {
        Event e = journeyEvent();
        Payload p = destination().encode(e);
        JsonNode item = SentryWire.MAPPER.readTree(SentryWire.split(p.body()).item);
        JsonNode crumbs = item.path("breadcrumbs").path("values");
        // The earlier action (another scope, before this event's breadcrumbs) comes first, once.
        assertEquals(2, crumbs.size());
        assertEquals("opened cart", crumbs.get(0).path("message").asText());
        assertEquals("user", crumbs.get(0).path("type").asText());
        assertEquals("ui", crumbs.get(0).path("category").asText());
        assertEquals("paid", crumbs.get(1).path("message").asText());
        JsonNode journey = item.path("contexts").path("journey");
        assertEquals(
                "2026-11-23T10:00:00.000Z", journey.path("session_started_at").asText());
        // flat facts a backend renders as a table; the actions themselves are the breadcrumbs above
        assertEquals(2, journey.path("actions").asInt());
        assertEquals("breadcrumbs", journey.path("actions_shown_in").asText());
        journey.fields().forEachRemaining(f -> assertTrue(f.getValue().isValueNode(), "flat: " + f.getKey()));
        SentryWire.assertValid(SentryWire.split(p.body()).item, "journey event");
    }

    private static Event journeyEvent() {
        long t0 = java.time.Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
        Breadcrumb paid = Breadcrumb.builder()
                .category("checkout")
                .message("paid")
                .timestamp(t0 + 60_000)
                .build();
        List<JourneyAction> actions = new ArrayList<>();
        actions.add(new JourneyAction("a-1", "ui", "opened cart", t0 + 30_000));
        actions.add(new JourneyAction("bc-" + paid.sequence(), "checkout", "paid", paid.timestamp()));
        return TestEvents.message("checkout failed", Level.ERROR).toBuilder()
                .breadcrumbs(Collections.singletonList(paid))
                .journey(new Journey(t0, actions))
                .build();
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> types(List<SentryException> ex) {
        List<String> out = new ArrayList<>();
        for (SentryException x : ex) {
            out.add(x.getType());
        }
        return out;
    }

    private static List<String> values(List<SentryException> ex) {
        List<String> out = new ArrayList<>();
        for (SentryException x : ex) {
            out.add(x.getValue());
        }
        return out;
    }

    private static List<String> modules(List<SentryException> ex) {
        List<String> out = new ArrayList<>();
        for (SentryException x : ex) {
            out.add(x.getModule());
        }
        return out;
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** A loopback server that keeps the raw request bytes (no decoding) and answers 200. */
    static HttpServer rawServer(InetSocketAddress address, List<byte[]> bodies, Map<String, String> headers)
            throws IOException {
        HttpServer s = HttpServer.create(address, 0);
        s.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                bodies.add(out.toByteArray());
            }
            headers.put("path", exchange.getRequestURI().getPath());
            for (Map.Entry<String, List<String>> h :
                    exchange.getRequestHeaders().entrySet()) {
                headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), String.join(",", h.getValue()));
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(answer);
            }
        });
        s.start();
        return s;
    }
}
