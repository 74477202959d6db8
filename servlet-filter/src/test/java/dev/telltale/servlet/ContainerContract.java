package dev.telltale.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the filter promises, run against a real container of each servlet namespace. A subclass
 * starts its container with the application ({@code AppServlet} of its namespace) and the filter
 * registered as asked.
 */
public abstract class ContainerContract {
    /** How the filter gets into the application. */
    protected static final class Registration {
        public final boolean auto;
        public final boolean manual;
        public final Map<String, String> manualInitParams;

        Registration(boolean auto, boolean manual, Map<String, String> manualInitParams) {
            this.auto = auto;
            this.manual = manual;
            this.manualInitParams = manualInitParams;
        }

        /** The container initializer only. */
        static Registration auto() {
            return new Registration(true, false, Collections.<String, String>emptyMap());
        }
    }

    /** A started container. */
    protected interface Running extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;

        /** A started container listening on {@code port}, stopped by {@code stop}. */
        static Running of(int port, AutoCloseable stop) {
            return new Running() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() throws Exception {
                    stop.close();
                }
            };
        }
    }

    /**
     * Starts the application. With {@code manual}, the application's {@code OuterFilter} comes first and then
     * a {@code TelltaleFilter} named {@code manual-telltale} with {@code manualInitParams}; without {@code auto},
     * the context parameter {@code telltale.servlet.auto-register=false} is set.
     */
    protected abstract Running start(Registration registration, Path workDir) throws Exception;

    /** The exception the application's {@code /boom} threw last. */
    protected abstract Throwable lastThrown();

    /** What the application's {@code OuterFilter} caught last. */
    protected abstract Throwable outerCaught();

    @TempDir
    static Path tmp;

    static EventSink sink;
    private static Running shared;

    @BeforeAll
    static void startSink() {
        sink = EventSink.start(tmp.resolve("outbox"), false);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        sink.close();
    }

    @BeforeEach
    void resetSink() {
        sink.reset();
    }

    /** The container with auto-registration that most tests share. */
    private int port() throws Exception {
        if (shared == null) {
            shared = start(Registration.auto(), tmp.resolve("shared"));
        }
        return shared.port();
    }

    static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpResponse<String> get(HttpClient http, int port, String pathAndQuery, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void errorArrivesWithRequestContextAndTheSessionsJourney() throws Exception {
        int port = port();
        HttpClient ann = browser();
        assertEquals(200, get(ann, port, "/login").statusCode());
        get(ann, port, "/ok?step=cart");
        get(ann, port, "/ok?step=shipping");
        long before = System.currentTimeMillis();
        assertEquals(500, get(ann, port, "/boom?id=42&page=2").statusCode());

        List<ReceivedEvent> events = sink.await(1);
        assertEquals(1, sink.settled().size(), "one event for one failed request");
        ReceivedEvent e = events.get(0);
        assertEquals("java.lang.IllegalStateException", e.exceptionType());
        assertEquals("order 42 broken", e.exceptionMessage());
        assertEquals("servlet", e.mechanism().get("type"));
        assertEquals(Boolean.FALSE, e.mechanism().get("handled"));
        assertEquals("GET", e.request().get("method"));
        assertEquals("http://127.0.0.1:" + port + "/boom", e.request().get("url"));
        assertEquals("id=42&page=2", e.request().get("queryString"));
        assertEquals("/boom", e.request().get("route"));
        assertEquals(List.of("GET /boom", "loading order 42"), e.breadcrumbMessages());
        assertEquals(
                List.of(
                        "GET /login",
                        "logged in",
                        "GET /ok",
                        "viewed cart",
                        "GET /ok",
                        "viewed shipping",
                        "GET /boom",
                        "loading order 42"),
                e.journeySummaries());
        String started = (String) e.journey().get("sessionStartedAt");
        assertNotNull(started, "the session's start goes with the event");
        assertTrue(java.time.Instant.parse(started).toEpochMilli() <= before);
    }

    @Test
    void journeyFollowsTheSessionWhenLoginChangesItsId() throws Exception {
        int port = port();
        HttpClient bob = browser();
        get(bob, port, "/login");
        get(bob, port, "/ok?step=cart");
        assertEquals(200, get(bob, port, "/signin").statusCode());
        get(bob, port, "/boom?id=8");
        ReceivedEvent e = sink.await(1).get(0);
        assertEquals(
                List.of(
                        "GET /login",
                        "logged in",
                        "GET /ok",
                        "viewed cart",
                        "GET /signin",
                        "signed in",
                        "GET /boom",
                        "loading order 8"),
                e.journeySummaries());
    }

    @Test
    void sessionLessRequestCarriesOnlyItsOwnJourney() throws Exception {
        int port = port();
        HttpClient anonymous = browser();
        get(anonymous, port, "/ok?step=browse");
        get(anonymous, port, "/boom?id=7");
        ReceivedEvent e = sink.await(1).get(0);
        assertEquals(List.of("GET /boom", "loading order 7"), e.journeySummaries());
    }

    @Test
    void secretsAndPersonalDataStayInTheProcess() throws Exception {
        int port = port();
        get(
                browser(),
                port,
                "/boom?id=9&token=tok-123456&page=3",
                "Authorization",
                "Bearer abcdef123456789",
                "Cookie",
                "sid=cookie-secret-1",
                "X-Api-Key",
                "key-secret-2",
                "X-CSRF-Token",
                "csrf-secret-3",
                "User-Agent",
                "contract-test/1.0");
        ReceivedEvent e = sink.await(1).get(0);
        Map<String, String> headers = e.headers().entrySet().stream()
                .collect(Collectors.toMap(h -> h.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue));
        assertEquals("contract-test/1.0", headers.get("user-agent"));
        for (String gone : List.of("authorization", "cookie", "x-api-key", "x-csrf-token")) {
            assertFalse(headers.containsKey(gone), gone + " must not be sent: " + headers);
        }
        assertEquals("id=9&token=[Filtered]&page=3", e.request().get("queryString"));
        assertFalse(e.request().containsKey("clientAddress"), "client address only with send-default-pii");
        assertEquals(1, sink.raw().size());
        assertEquals("", sink.raw().get(0).request().clientAddress(), "not even collected without send-default-pii");
        String body = e.json().toString();
        for (String secret :
                List.of("abcdef123456789", "cookie-secret-1", "key-secret-2", "csrf-secret-3", "tok-123456")) {
            assertFalse(body.contains(secret), secret + " leaked");
        }
    }

    @Test
    void personalDataIsSentWhenTheApplicationAllowsIt() throws Exception {
        int port = port();
        try (EventSink pii = EventSink.start(tmp.resolve("outbox-pii"), true)) {
            get(browser(), port, "/boom?id=p1", "Authorization", "Bearer abcdef123456789");
            ReceivedEvent e = pii.await(1).get(0);
            assertEquals("127.0.0.1", e.request().get("clientAddress"));
            assertTrue(
                    e.headers().values().contains("Bearer abcdef123456789"),
                    e.headers().toString());
        } finally {
            dev.telltale.Telltale.use(sink.client());
        }
    }

    @Test
    void concurrentRequestsNeverSeeEachOthersBreadcrumbs() throws Exception {
        int port = port();
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final String id = "r" + i;
                // Each user first leaves a trace in its own session, then fails.
                calls.add(() -> {
                    HttpClient user = browser();
                    get(user, port, "/login");
                    get(user, port, "/ok?step=" + id);
                    return get(user, port, "/boom?id=" + id).statusCode();
                });
            }
            for (Future<Integer> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                assertEquals(500, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<ReceivedEvent> events = sink.await(n);
        assertEquals(n, sink.settled().size());
        Set<String> ids = new HashSet<>();
        for (ReceivedEvent e : events) {
            String id = e.exceptionMessage().replace("order ", "").replace(" broken", "");
            ids.add(id);
            assertEquals(List.of("GET /boom", "loading order " + id), e.breadcrumbMessages(), "event of " + id);
            assertEquals(
                    List.of("GET /login", "logged in", "GET /ok", "viewed " + id, "GET /boom", "loading order " + id),
                    e.journeySummaries(),
                    "journey of " + id);
        }
        assertEquals(n, ids.size(), "one event per request");
    }

    @Test
    void asyncRequestKeepsItsScopeOnEveryThreadAndDispatch() throws Exception {
        int port = port();
        assertEquals(500, get(browser(), port, "/async?id=a1").statusCode());
        ReceivedEvent e = sink.await(1).get(0);
        assertEquals(1, sink.settled().size());
        assertEquals("async order a1 broken", e.exceptionMessage());
        assertEquals(List.of("GET /async", "async work a1", "async dispatch a1"), e.breadcrumbMessages());
        assertEquals("/async", e.request().get("route"));
    }

    @Test
    void asyncRequestCompletedElsewhereReportsTheErrorLeftInTheRequest() throws Exception {
        int port = port();
        assertEquals(500, get(browser(), port, "/async-attr?id=b2").statusCode());
        ReceivedEvent e = sink.await(1).get(0);
        assertEquals(1, sink.settled().size());
        assertEquals("background order b2 broken", e.exceptionMessage());
        assertEquals(List.of("GET /async-attr", "background work b2"), e.breadcrumbMessages());
    }

    @Test
    void errorAttributeLeftByAFrameworkIsReported() throws Exception {
        int port = port();
        assertEquals(500, get(browser(), port, "/handled?id=5").statusCode());
        ReceivedEvent e = sink.await(1).get(0);
        assertEquals("java.lang.IllegalArgumentException", e.exceptionType());
        assertEquals("bad order 5", e.exceptionMessage());
        assertEquals("/handled", e.request().get("route"));
    }

    @Test
    void serverErrorWithoutExceptionIsNotReportedByDefault() throws Exception {
        int port = port();
        assertEquals(503, get(browser(), port, "/status").statusCode());
        assertEquals(200, get(browser(), port, "/ok?step=x").statusCode());
        assertEquals(0, sink.settled().size());
    }

    @Test
    void filterStaysOutOfTheWayWhileTelltaleIsOff() throws Exception {
        int port = port();
        dev.telltale.Telltale.use(null);
        try {
            HttpClient user = browser();
            assertEquals(200, get(user, port, "/login").statusCode());
            assertEquals(500, get(user, port, "/boom?id=off").statusCode());
        } finally {
            dev.telltale.Telltale.use(sink.client());
        }
        assertEquals(0, sink.settled().size());
    }

    @Test
    void autoRegistrationCanBeTurnedOff() throws Exception {
        try (Running r =
                start(new Registration(false, false, Collections.<String, String>emptyMap()), tmp.resolve("off"))) {
            assertEquals(500, get(browser(), r.port(), "/boom?id=off").statusCode());
            assertEquals(0, sink.settled().size());
        }
    }

    @Test
    void manualRegistrationReportsAndRethrowsUnchanged() throws Exception {
        try (Running r = start(
                new Registration(false, true, Map.of("telltale.servlet.capture-server-errors", "true")),
                tmp.resolve("manual"))) {
            assertEquals(500, get(browser(), r.port(), "/boom?id=m1").statusCode());
            assertSame(lastThrown(), outerCaught(), "the application's exception leaves the filter unchanged");
            assertEquals(503, get(browser(), r.port(), "/status").statusCode());
            List<ReceivedEvent> events = sink.await(2);
            assertEquals(2, sink.settled().size());
            assertEquals("order m1 broken", events.get(0).exceptionMessage());
            assertEquals("HTTP 503 GET /status", events.get(1).message());
            assertEquals(Boolean.TRUE, events.get(1).mechanism().get("handled"));
        }
    }

    @Test
    void registeredTwiceReportsOnce() throws Exception {
        try (Running r =
                start(new Registration(true, true, Collections.<String, String>emptyMap()), tmp.resolve("twice"))) {
            HttpClient user = browser();
            get(user, r.port(), "/login");
            assertEquals(500, get(user, r.port(), "/boom?id=t2").statusCode());
            sink.await(1);
            List<ReceivedEvent> events = sink.settled();
            assertEquals(1, events.size());
            assertEquals(List.of("GET /boom", "loading order t2"), events.get(0).breadcrumbMessages());
            assertEquals(
                    List.of("GET /login", "logged in", "GET /boom", "loading order t2"),
                    events.get(0).journeySummaries(),
                    "each request once in the session's journey");
        }
    }
}
