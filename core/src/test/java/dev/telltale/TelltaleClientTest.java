package dev.telltale;

import static dev.telltale.testkit.JsonTree.at;
import static dev.telltale.testkit.JsonTree.has;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on the embedded file destination: capture on the caller, JSON files from the sender thread. */
class TelltaleClientTest {
    @TempDir
    Path dir;

    private ClientTestSupport support;

    @BeforeEach
    void setUp() {
        support = new ClientTestSupport(dir);
    }

    @AfterEach
    void tearDown() {
        support.close();
    }

    @Test
    void capturedExceptionBecomesOneJsonFileWithTheEventsFields() throws Exception {
        TelltaleClient client = support.start(b -> b.inAppPackages("dev.telltale"));
        client.setUser(User.builder().id("u-1042").email("ann@example.com").build());
        client.setTag("tenant", "acme");
        client.addBreadcrumb(Breadcrumb.of("checkout", "cart submitted"));
        IllegalStateException cause = new IllegalStateException("db down");
        RuntimeException e = new RuntimeException("Order 42 failed", cause);

        String id = client.captureException(e);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertTrue(client.flush(Poll.SCALE * 5_000));

        Map<String, Object> ev = support.event(id);
        assertEquals(id, ev.get("eventId"));
        assertEquals("error", ev.get("level"));
        assertEquals("manual", at(ev, "mechanism", "type"));
        assertEquals(Boolean.TRUE, at(ev, "mechanism", "handled"));
        assertEquals("RuntimeException: Order 42 failed", ev.get("title"));
        assertTrue(
                ((String) ev.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                (String) ev.get("timestamp"));
        assertEquals("java.lang.RuntimeException", at(ev, "exceptions", 0, "type"));
        assertEquals("Order 42 failed", at(ev, "exceptions", 0, "message"));
        assertEquals("thrown", at(ev, "exceptions", 0, "relation"));
        assertEquals("java.lang.IllegalStateException", at(ev, "exceptions", 1, "type"));
        assertEquals("cause", at(ev, "exceptions", 1, "relation"));
        assertEquals(0L, (Long) at(ev, "exceptions", 1, "parentId"));
        assertEquals(TelltaleClientTest.class.getName(), at(ev, "exceptions", 0, "frames", 0, "class"));
        assertEquals(Boolean.TRUE, at(ev, "exceptions", 0, "frames", 0, "inApp"));
        assertEquals("u-1042", at(ev, "user", "id"));
        assertEquals("acme", at(ev, "tags", "tenant"));
        assertEquals("cart submitted", at(ev, "breadcrumbs", 0, "message"));
        assertEquals("checkout", at(ev, "breadcrumbs", 0, "category"));
        assertEquals("cart submitted", at(ev, "userJourney", "recentActions", 0, "summary"));
        assertTrue(at(ev, "userJourney", "sessionStartedAt") instanceof String);
        assertEquals("shop@1.0", ev.get("release"));
        assertEquals("test", ev.get("environment"));
        assertEquals("test-host", ev.get("serverName"));
        assertEquals(Thread.currentThread().getName(), ev.get("thread"));
        assertEquals(System.getProperty("os.name"), at(ev, "os", "name"));
        assertFalse(((String) at(ev, "runtime", "version")).isEmpty());
        assertEquals(1, support.files().size());
        assertTrue(support.tempFiles().isEmpty());
        assertEquals(1, client.stats().captured());
    }

    @Test
    void capturedMessageHasItsLevelAndNoException() throws Exception {
        TelltaleClient client = support.start();
        String id = client.captureMessage("Inventory low", Level.WARNING);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        Map<String, Object> ev = support.event(id);
        assertEquals("warning", ev.get("level"));
        assertEquals("Inventory low", ev.get("message"));
        assertEquals("Inventory low", ev.get("title"));
        assertEquals(List.of(), ev.get("exceptions"));
    }

    @Test
    void filesAppearAtomicallyWhileEventsAreWritten() throws Exception {
        TelltaleClient client = support.start();
        AtomicReference<String> problem = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!done.get() && problem.get() == null) {
                try {
                    for (Path p : support.files()) {
                        try {
                            JsonTree.parse(Files.readAllBytes(p));
                        } catch (java.nio.file.NoSuchFileException gone) {
                            // listed, then replaced: fine
                        } catch (IOException e) {
                            problem.set(p.getFileName() + ": " + e);
                        }
                    }
                } catch (IOException listing) {
                    // the directory is being created
                }
                try {
                    Thread.sleep(1); // look often, but do not spin
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reader.start();
        String big = "x".repeat(100_000); // big enough that a non-atomic write would be seen half-done
        for (int i = 0; i < 40; i++) {
            client.captureMessage("event " + i + " " + big, Level.INFO);
        }
        assertTrue(client.flush(Poll.SCALE * 20_000));
        done.set(true);
        reader.join(10_000);
        assertNull(problem.get(), problem.get());
        assertEquals(40, support.files().size());
        assertTrue(support.tempFiles().isEmpty(), "no temp file is left behind");
    }

    @Test
    void perEventScopeCallbackAffectsOnlyThatEvent() throws Exception {
        TelltaleClient client = support.start();
        client.setTag("global", "g");
        String first = client.captureException(
                new RuntimeException("first"),
                s -> s.setTag("order", "42")
                        .setUser(User.ofId("per-event"))
                        .addBreadcrumb(Breadcrumb.of("for this event")));
        String second = client.captureMessage("second", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        Map<String, Object> a = support.event(first);
        Map<String, Object> b = support.event(second);
        assertEquals("42", at(a, "tags", "order"));
        assertEquals("g", at(a, "tags", "global"));
        assertEquals("per-event", at(a, "user", "id"));
        assertEquals("for this event", at(a, "breadcrumbs", 0, "message"));
        assertFalse(has(b, "tags", "order"));
        assertNull(b.get("user"));
        assertEquals(List.of(), b.get("breadcrumbs"));
    }

    @Test
    void throwingScopeCallbackIsReportedOnceAndTheEventStillCaptured() throws Exception {
        TelltaleClient client = support.start();
        String id = assertDoesNotThrow(() -> client.captureException(new RuntimeException("x"), s -> {
            throw new IllegalStateException("callback bug");
        }));
        client.captureMessage("again", Level.INFO, s -> {
            throw new IllegalStateException("callback bug");
        });
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals("java.lang.RuntimeException", at(support.event(id), "exceptions", 0, "type"));
        assertEquals(
                1,
                support.diagnostics
                        .containing("telltale: ", "scope callback threw java.lang.IllegalStateException")
                        .size(),
                support.diagnostics.toString());
    }

    @Test
    void everyHostileExceptionIsCapturedWithoutEscaping() throws Exception {
        TelltaleClient client = support.start();
        Map<String, Throwable> all = HostileExceptions.all();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Throwable> e : all.entrySet()) {
            String id = assertDoesNotThrow(() -> client.captureException(e.getValue()), e.getKey());
            assertTrue(id.length() == 32, e.getKey());
            ids.add(id);
        }
        assertTrue(client.flush(Poll.SCALE * 10_000));
        for (String id : ids) {
            Map<String, Object> ev = support.event(id);
            assertFalse(((List<?>) ev.get("exceptions")).isEmpty());
        }
    }

    @Test
    void valueEqualExceptionsAreTwoEvents() throws Exception {
        TelltaleClient client = support.start();
        class Coded extends RuntimeException {
            Coded() {
                super("E42");
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Coded;
            }

            @Override
            public int hashCode() {
                return 42;
            }
        }
        assertFalse(client.captureException(new Coded()).isEmpty());
        assertFalse(client.captureException(new Coded()).isEmpty());
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals(2, support.files().size());
    }

    @Test
    void sameThrowableTwiceIsCountedAsDuplicate() throws Exception {
        TelltaleClient client = support.start();
        RuntimeException e = new RuntimeException("once");
        assertFalse(client.captureException(e).isEmpty());
        assertEquals("", client.captureException(new IllegalStateException("wrapper", e)));
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals(1, support.files().size());
        assertEquals(1, client.stats().dropped(DropReason.DUPLICATE));
    }

    @Test
    void ignoredAndSampledEventsAreCountedButFatalIsAlwaysKept() throws Exception {
        TelltaleClient client = support.start(b -> b.sampleRate(0.0).ignoredExceptions("java.io.IOException"));
        assertEquals("", client.captureException(new java.io.FileNotFoundException("x")));
        assertEquals("", client.captureException(new RuntimeException("sampled")));
        String fatal = client.captureMessage("going down", Level.FATAL);
        assertFalse(fatal.isEmpty());
        // A fatal event is written before the capture returns.
        assertEquals("fatal", support.event(fatal).get("level"));
        assertEquals(1, client.stats().dropped(DropReason.IGNORED));
        assertEquals(1, client.stats().dropped(DropReason.SAMPLED));
    }

    @Test
    void beforeSendCanDropAndItsFailureKeepsTheEvent() throws Exception {
        TelltaleClient client = support.start(b -> b.beforeSend(e -> {
            if (e.message().equals("drop me")) {
                return null;
            }
            if (e.message().equals("break")) {
                throw new IllegalStateException("app bug");
            }
            return e.toBuilder().tag("seen", "yes").build();
        }));
        client.captureMessage("drop me", Level.INFO);
        String broken = client.captureMessage("break", Level.INFO);
        String changed = client.captureMessage("change", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals(2, support.files().size());
        assertEquals("break", support.event(broken).get("message"));
        assertEquals("yes", at(support.event(changed), "tags", "seen"));
        assertEquals(1, client.stats().dropped(DropReason.BEFORE_SEND));
        assertEquals(
                1,
                support.diagnostics
                        .containing("beforeSend threw java.lang.IllegalStateException")
                        .size());
    }

    @Test
    void scrubbingRunsAfterBeforeSend() throws Exception {
        TelltaleClient client = support.start(
                b -> b.beforeSend(e -> e.toBuilder().tag("api_key", "k-123").build()));
        String id = client.captureMessage("login with password=hunter2", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        Map<String, Object> ev = support.event(id);
        assertEquals("[Filtered]", at(ev, "tags", "api_key"));
        assertFalse(((String) ev.get("message")).contains("hunter2"));
    }

    @Test
    void reentrantCaptureFromInsideTelltaleIsDroppedAndCounted() throws Exception {
        AtomicReference<TelltaleClient> self = new AtomicReference<>();
        AtomicReference<String> innerId = new AtomicReference<>("unset");
        TelltaleClient client = support.start(b -> b.beforeSend(e -> {
            innerId.set(self.get().captureMessage("from beforeSend", Level.ERROR));
            return e;
        }));
        self.set(client);
        String fromCallback = client.captureMessage(
                "outer", Level.INFO, s -> client.captureMessage("from scope callback", Level.INFO));
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertFalse(fromCallback.isEmpty());
        assertEquals("", innerId.get(), "capture on the sender thread is refused");
        assertEquals(2, client.stats().dropped(DropReason.REENTRANT));
        assertEquals(1, support.files().size());
        assertEquals("outer", support.events().get(0).get("message"));
    }

    @Test
    void callsAfterCloseAreSafeNoOps() throws Exception {
        TelltaleClient client = support.start();
        client.close();
        assertFalse(client.isEnabled());
        assertDoesNotThrow(() -> {
            assertEquals("", client.captureException(new RuntimeException()));
            assertEquals("", client.captureMessage("m", Level.ERROR));
            client.addBreadcrumb("b");
            client.setTag("k", "v");
            client.setUser(User.ofId("u"));
            client.configureScope(s -> s.setTag("a", "b"));
            try (ScopeHandle h = client.pushScope()) {
                h.scope().setTag("x", "y");
            }
            client.wrap(() -> {}).run();
            client.flush(100);
            client.close();
        });
        assertTrue(support.files().isEmpty());
    }

    @Test
    void closeStopsEveryTelltaleThread() throws Exception {
        TelltaleClient client = support.start();
        client.captureMessage("m", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertFalse(telltaleThreads().isEmpty(), "the sender runs while the client is open");
        client.close();
        assertEquals(List.of(), telltaleThreads());
    }

    static List<String> telltaleThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("telltale-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void unknownSchemeAndMalformedPathGetOneLineEachAndTheRestStarts() throws Exception {
        TelltaleClient client = support.start(
                b -> b.destinations("nope://user:s3cr3t@127.0.0.1/x, file:" + dir + ", file:bad\u0000dir"));
        assertEquals(List.of("file(" + dir + ")"), client.destinationNames());
        List<String> unknown = support.diagnostics.containing("telltale: ", "unknown scheme 'nope'");
        assertEquals(1, unknown.size(), support.diagnostics.toString());
        assertEquals(
                1,
                support.diagnostics
                        .containing("telltale: ", "not a valid directory path")
                        .size(),
                support.diagnostics.toString());
        assertFalse(support.diagnostics.toString().contains("s3cr3t"), "no secret in diagnostics");
        String id = client.captureMessage("still works", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals("still works", support.event(id).get("message"));
    }

    @Test
    void badConfigValueGetsOneDiagnosticLineAndTheClientRuns() throws Exception {
        TelltaleClient client = support.start(b -> b.set(dev.telltale.config.ConfigKey.SAMPLE_RATE, "7"));
        List<String> lines =
                support.diagnostics.containing("telltale: ", "sample-rate", "'7'", "a number from 0.0 to 1.0");
        assertEquals(1, lines.size(), support.diagnostics.toString());
        assertEquals(1.0, client.settings().sampleRate());
        String id = client.captureMessage("kept", Level.INFO);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals("kept", support.event(id).get("message"));
    }

    @Test
    void disabledClientStartsNothing() {
        List<String> before = telltaleThreads();
        TelltaleClient client = support.start(b -> b.enabled(false));
        assertFalse(client.isEnabled());
        assertEquals("", client.captureMessage("m", Level.ERROR));
        assertEquals(before, telltaleThreads());
        assertTrue(client.flush(Poll.SCALE * 10));
    }

    @Test
    void embeddedDefaultIsTheFileDestinationAndIsAnnouncedAtMostOnce() {
        TelltaleClient first = support.start(b -> b.destinations((String) null));
        TelltaleClient second = support.start(b -> b.destinations((String) null));
        assertEquals(List.of("file(telltale-events)"), first.destinationNames());
        assertEquals(first.destinationNames(), second.destinationNames());
        assertTrue(first.settings().destinationsDefaulted());
        assertTrue(
                support.diagnostics.containing("no destination configured").size() <= 1,
                support.diagnostics.toString());
    }

    @Test
    void wrapCarriesTheScopeToAnotherThreadAndNothingLeaksBack() throws Exception {
        TelltaleClient client = support.start();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-pool"));
        try {
            String[] inTask = new String[1];
            String callableId;
            try (ScopeHandle h = client.pushScope()) {
                h.scope().setTag("request", "r-1");
                client.addBreadcrumb("before hand-off");
                Runnable task = client.wrap(() -> {
                    client.setTag("set-in-task", "t");
                    client.addBreadcrumb("inside task");
                    inTask[0] = client.captureMessage("from task", Level.INFO);
                });
                Callable<String> call = client.wrap(() -> client.captureMessage("from callable", Level.INFO));
                pool.submit(task).get(5, TimeUnit.SECONDS);
                callableId = pool.submit(call).get(5, TimeUnit.SECONDS);
                String callerAfter = client.captureMessage("caller after", Level.INFO);
                assertTrue(client.flush(Poll.SCALE * 5_000));

                Map<String, Object> t = support.event(inTask[0]);
                assertEquals("r-1", at(t, "tags", "request"));
                assertEquals("t", at(t, "tags", "set-in-task"));
                assertEquals("app-pool", t.get("thread"));
                assertEquals(List.of("before hand-off", "inside task"), messages(t));

                Map<String, Object> c = support.event(callableId);
                assertEquals("r-1", at(c, "tags", "request"));
                assertEquals(List.of("before hand-off"), messages(c));

                Map<String, Object> after = support.event(callerAfter);
                assertFalse(has(after, "tags", "set-in-task"), "the task's tag did not leak back");
                assertEquals(List.of("before hand-off"), messages(after), "the task's breadcrumb did not leak back");
            }
            // The pooled thread is back on the global scope: a plain task sees nothing of the request.
            Scope onPool = pool.submit(client::currentScope).get(5, TimeUnit.SECONDS);
            assertTrue(onPool == client.currentScope(), "pool thread is on the global scope again");
            String plain = pool.submit(() -> client.captureMessage("plain", Level.INFO))
                    .get(5, TimeUnit.SECONDS);
            assertTrue(client.flush(Poll.SCALE * 5_000));
            assertFalse(has(support.event(plain), "tags", "request"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> messages(Map<String, Object> event) {
        List<String> out = new ArrayList<>();
        for (Object b : (List<?>) event.get("breadcrumbs")) {
            out.add((String) ((Map<?, ?>) b).get("message"));
        }
        return out;
    }

    @Test
    void severalClientsCoexist() throws Exception {
        Path other = dir.resolve("other");
        TelltaleClient a = support.start();
        TelltaleClient b = support.start(o -> o.destinations("file:" + other));
        a.setTag("client", "a");
        b.setTag("client", "b");
        String ia = a.captureMessage("to a", Level.INFO);
        String ib = b.captureMessage("to b", Level.INFO);
        assertTrue(a.flush(Poll.SCALE * 5_000) && b.flush(Poll.SCALE * 5_000));
        assertEquals("a", at(support.event(ia), "tags", "client"));
        assertEquals(1, support.files().size());
        assertTrue(Files.list(other).anyMatch(p -> p.getFileName().toString().endsWith(ib + ".json")));
    }

    @Test
    void loneSurrogatesAddedThroughBreadcrumbsNeverReachTheJson() throws Exception {
        TelltaleClient client = support.start();
        client.addBreadcrumb(Breadcrumb.builder()
                .type("t\uDC00")
                .category("c\uD800")
                .message("m\uD800 end")
                .build());
        client.addBreadcrumb(Breadcrumb.builder()
                .messageTemplate("tpl\uDC00 {} and {}", "arg\uD800", 7)
                .build());
        // a pair split by the length cut: the high half must not survive on its own
        String cutInPair = "x".repeat(Breadcrumb.MAX_MESSAGE_CHARS - 2) + "\uD83D\uDE00" + "tail";
        client.addBreadcrumb(Breadcrumb.builder().message(cutInPair).build());
        client.addBreadcrumb(
                Breadcrumb.builder().messageTemplate("{}", cutInPair).build());
        String id = client.captureMessage("after the crumbs", Level.ERROR);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        String raw = new String(Files.readAllBytes(support.files().get(0)), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(raw.toLowerCase().matches("(?s).*\\\\ud[89a-f][0-9a-f]{2}.*"), "no lone surrogate escape: " + raw);
        assertFalse(raw.matches("(?s).*[\\uD800-\\uDFFF].*"), "no surrogate code unit in the file: " + raw);
        Map<String, Object> ev = support.event(id);
        assertEquals("m\uFFFD end", at(ev, "breadcrumbs", 0, "message"));
        assertEquals("c\uFFFD", at(ev, "breadcrumbs", 0, "category"));
        assertEquals("t\uFFFD", at(ev, "breadcrumbs", 0, "type"));
        assertEquals("tpl\uFFFD arg\uFFFD and 7", at(ev, "breadcrumbs", 1, "message"));
        String cut = (String) at(ev, "breadcrumbs", 2, "message");
        assertEquals("x".repeat(Breadcrumb.MAX_MESSAGE_CHARS - 2) + "\u2026", cut);
        assertEquals(cut, at(ev, "breadcrumbs", 3, "message"));
    }

    @Test
    void stringsSetByBeforeSendAreStillCleanedOfLoneSurrogates() throws Exception {
        TelltaleClient client = support.start(b -> b.beforeSend(e -> {
            List<dev.telltale.event.ExceptionInfo> xs = new ArrayList<>();
            for (dev.telltale.event.ExceptionInfo x : e.exceptions()) {
                xs.add(x.withMessage("changed \uDC00"));
            }
            return e.toBuilder()
                    .message("tpl \uD800", "bad \uD800 end")
                    .tag("k\uDC00", "v\uD800")
                    .extra("x", "\uDBFF")
                    .context("c", Map.of("k", "\uD800"))
                    .exceptions(xs)
                    .build();
        }));
        String id = client.captureException(new RuntimeException("x"));
        assertTrue(client.flush(Poll.SCALE * 5_000));
        Path file = support.files().get(0);
        String raw = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(raw.toLowerCase().matches("(?s).*\\\\ud[89a-f][0-9a-f]{2}.*"), "no lone surrogate escape: " + raw);
        Map<String, Object> ev = support.event(id);
        assertEquals("bad \uFFFD end", ev.get("message"));
        assertEquals("v\uFFFD", at(ev, "tags", "k\uFFFD"));
        assertEquals("changed \uFFFD", at(ev, "exceptions", 0, "message"));
    }

    @Test
    void eventIdsAreRandomVersion4UuidsWithoutDashes() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = TelltaleClient.newEventId();
            assertTrue(id.matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}"), id);
            ids.add(id);
        }
        assertEquals(1_000, ids.size());
    }

    @Test
    void integrationCaptureCarriesItsOwnFields() throws Exception {
        TelltaleClient client = support.start();
        String id = client.capture(Capture.exception(new IllegalStateException("x"))
                .mechanism("logback", true)
                .logger("com.shop.Orders")
                .message("Order {} failed", "Order 42 failed")
                .threadName("http-1")
                .timestamp(1_700_000_000_000L)
                .tag("k", "v")
                .tags(Map.of("t2", "v2"))
                .extra("e", "1")
                .context("mdc", Map.of("rid", "r-1"))
                .fingerprint(List.of("orders", "{{ default }}"))
                .level(Level.WARNING));
        assertTrue(client.flush(Poll.SCALE * 5_000));
        Map<String, Object> ev = support.event(id);
        assertEquals("logback", at(ev, "mechanism", "type"));
        assertEquals("com.shop.Orders", ev.get("logger"));
        assertEquals("Order {} failed", ev.get("messageTemplate"));
        assertEquals("Order 42 failed", ev.get("message"));
        assertEquals("http-1", ev.get("thread"));
        assertEquals("2023-11-14T22:13:20.000Z", ev.get("timestamp"));
        assertEquals("warning", ev.get("level"));
        assertEquals(Map.of("k", "v", "t2", "v2"), ev.get("tags"));
        assertEquals("1", at(ev, "extra", "e"));
        assertEquals("r-1", at(ev, "contexts", "mdc", "rid"));
        assertEquals(List.of("orders", "{{ default }}"), ev.get("fingerprint"));
    }

    @Test
    void concurrentCapturesFromManyThreadsAreAllAccountedFor() throws Exception {
        TelltaleClient client = support.start(b -> b.queueSize(10_000));
        int threads = 4;
        int each = 50;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int n = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    client.addBreadcrumb("t" + n + " crumb " + i);
                    client.setTag("last-" + n, Integer.toString(i));
                    client.captureMessage("t" + n + " event " + i, Level.INFO);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join(20_000);
        }
        assertTrue(client.flush(Poll.SCALE * 20_000));
        assertEquals(threads * each, client.stats().captured());
        assertEquals(threads * each, support.files().size());
        assertEquals(threads * each, client.stats().destinations().get(0).sent());
        for (Map<String, Object> ev : support.events()) {
            assertTrue(((List<?>) ev.get("breadcrumbs")).size() <= 100);
        }
    }

    @Test
    void maxBreadcrumbsBoundsEveryEventAndZeroMeansNone() throws Exception {
        TelltaleClient few = support.start(b -> b.maxBreadcrumbs(3));
        for (int i = 0; i < 10; i++) {
            few.addBreadcrumb("crumb " + i);
        }
        String id = few.captureMessage("m", Level.INFO, s -> s.addBreadcrumb(Breadcrumb.of("event crumb")));
        assertTrue(few.flush(Poll.SCALE * 5_000));
        assertEquals(List.of("crumb 8", "crumb 9", "event crumb"), messages(support.event(id)));

        TelltaleClient none = support.start(b -> b.maxBreadcrumbs(0));
        none.addBreadcrumb("ignored");
        String id0 = none.captureMessage("m0", Level.INFO, s -> s.addBreadcrumb(Breadcrumb.of("event crumb")));
        assertTrue(none.flush(Poll.SCALE * 5_000));
        assertEquals(List.of(), messages(support.event(id0)));
    }

    @Test
    void wrappedTaskRunOnTheCallersOwnThreadRestoresTheCallersScope() throws Exception {
        TelltaleClient client = support.start();
        try (ScopeHandle h = client.pushScope()) {
            h.scope().setTag("request", "r-1");
            Runnable task = client.wrap(() -> client.setTag("from-task", "x"));
            task.run(); // a caller-runs executor
            assertTrue(client.currentScope() == h.scope());
            String id = client.captureMessage("after", Level.INFO);
            assertTrue(client.flush(Poll.SCALE * 5_000));
            assertEquals("r-1", at(support.event(id), "tags", "request"));
            assertFalse(has(support.event(id), "tags", "from-task"));
        }
    }

    @Test
    void wrappedTaskThatThrowsStillRestoresTheScope() throws Exception {
        TelltaleClient client = support.start();
        try (ScopeHandle h = client.pushScope()) {
            Callable<String> task = client.wrap(() -> {
                throw new java.io.IOException("task failed");
            });
            org.junit.jupiter.api.Assertions.assertThrows(
                    java.io.IOException.class, task::call, "the task's own exception is the caller's");
            assertTrue(client.currentScope() == h.scope());
        }
    }

    @Test
    void unknownOptionNameInCodeIsReportedNotThrown() throws Exception {
        TelltaleClient client = support.start(b -> b.set("sample-rat", "0.5"));
        assertEquals(
                1,
                support.diagnostics
                        .containing("telltale: ", "'sample-rat'", "unknown")
                        .size(),
                support.diagnostics.toString());
        assertTrue(client.isEnabled());
    }
}
