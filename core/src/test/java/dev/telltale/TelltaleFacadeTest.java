package dev.telltale;

import static dev.telltale.testkit.JsonTree.at;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static facade and the JVM-wide hooks: uncaught exceptions, the previous handler, close. */
class TelltaleFacadeTest {
    @TempDir
    Path dir;

    private ClientTestSupport support;
    private Thread.UncaughtExceptionHandler originalHandler;

    @BeforeEach
    void setUp() {
        support = new ClientTestSupport(dir);
        originalHandler = Thread.getDefaultUncaughtExceptionHandler();
        Telltale.close();
    }

    @AfterEach
    void tearDown() {
        Telltale.close();
        support.close();
        Thread.setDefaultUncaughtExceptionHandler(originalHandler);
    }

    private static Thread throwIn(String name, RuntimeException e) throws InterruptedException {
        Thread t = new Thread(
                () -> {
                    throw e;
                },
                name);
        t.start();
        t.join(5_000);
        return t;
    }

    @Test
    void everyCallBeforeInitIsASafeNoOp() {
        assertFalse(Telltale.isEnabled());
        assertDoesNotThrow(() -> {
            assertEquals("", Telltale.captureException(new RuntimeException()));
            assertEquals("", Telltale.captureException(null));
            assertEquals("", Telltale.captureException(new RuntimeException(), s -> s.setTag("a", "b")));
            assertEquals("", Telltale.captureMessage("m", Level.ERROR));
            assertEquals("", Telltale.captureMessage(null, null, null));
            assertEquals("", Telltale.capture(Capture.message("m", Level.INFO)));
            Telltale.addBreadcrumb(Breadcrumb.of("b"));
            Telltale.addBreadcrumb("m");
            Telltale.addBreadcrumb("c", "m");
            Telltale.setUser(User.ofId("u"));
            Telltale.setTag("k", "v");
            Telltale.setExtra("k", "v");
            Telltale.configureScope(s -> s.setTag("k", "v"));
            try (ScopeHandle h = Telltale.pushScope()) {
                h.scope().setTag("k", "v");
            }
            assertTrue(Telltale.flush(Poll.SCALE * 10));
            Telltale.close();
        });
        Runnable r = () -> {};
        Callable<String> c = () -> "x";
        assertSame(r, Telltale.wrap(r));
        assertSame(c, Telltale.wrap(c));
        assertEquals(0, Telltale.stats().captured());
    }

    @Test
    void initCapturesAndCloseReturnsToNoOps() throws Exception {
        TelltaleClient client = Telltale.init(support.options().build());
        assertSame(client, Telltale.client());
        assertTrue(Telltale.isEnabled());
        Telltale.setTag("via", "facade");
        String id = Telltale.captureException(new IllegalStateException("boom"));
        assertTrue(Telltale.flush(Poll.SCALE * 5_000));
        assertEquals("facade", at(support.event(id), "tags", "via"));
        Telltale.close();
        assertFalse(Telltale.isEnabled());
        assertFalse(client.isEnabled());
        assertEquals("", Telltale.captureMessage("after close", Level.ERROR));
        assertEquals(1, support.files().size());
    }

    @Test
    void initAgainClosesThePreviousClient() {
        TelltaleClient first = Telltale.init(support.options().build());
        TelltaleClient second = Telltale.init(support.options().build());
        assertFalse(first.isEnabled());
        assertTrue(second.isEnabled());
        assertSame(second, Telltale.client());
    }

    @Test
    void closeForgetsButNeverClosesAClientInstalledWithUse() {
        // Issue 19, defect 5: a client from a DI container belongs to the container.
        try (TelltaleClient injected = TelltaleClient.start(support.options().build())) {
            Telltale.use(injected);
            assertSame(injected, Telltale.client());
            Telltale.close();
            assertFalse(Telltale.isEnabled(), "the facade forgot it");
            assertTrue(injected.isEnabled(), "its owner still uses it");
            assertTrue(injected.captureMessage("still mine", Level.ERROR).length() == 32);
        }
    }

    @Test
    void initReplacesButNeverClosesAClientInstalledWithUse() {
        try (TelltaleClient injected = TelltaleClient.start(support.options().build())) {
            Telltale.use(injected);
            TelltaleClient started = Telltale.init(support.options().build());
            assertSame(started, Telltale.client());
            assertTrue(injected.isEnabled(), "init must not close the container's client");
            Telltale.close();
            assertFalse(started.isEnabled(), "the facade closes what it started");
            assertTrue(injected.isEnabled());
        }
    }

    @Test
    void aClientStartedByInitIsStillClosedAfterUseHandsTheFacadeBack() {
        try (TelltaleClient injected = TelltaleClient.start(support.options().build())) {
            Telltale.use(injected);
            Telltale.use(null);
            TelltaleClient started = Telltale.init(support.options().build());
            Telltale.close();
            assertFalse(started.isEnabled());
            assertTrue(injected.isEnabled());
        }
    }

    @Test
    void uncaughtExceptionIsReportedAndStillReachesThePreviousHandler() throws Exception {
        List<Throwable> seenByPrevious = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = (t, e) -> seenByPrevious.add(e);
        Thread.setDefaultUncaughtExceptionHandler(previous);
        TelltaleClient client = support.start(b -> b.uncaughtHandler(true));
        assertFalse(Thread.getDefaultUncaughtExceptionHandler() == previous, "installed");

        RuntimeException boom = new IllegalStateException("worker died");
        throwIn("worker-7", boom);
        assertEquals(List.of(boom), seenByPrevious);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        List<Map<String, Object>> events = support.events();
        assertEquals(1, events.size());
        Map<String, Object> ev = events.get(0);
        assertEquals("UncaughtExceptionHandler", at(ev, "mechanism", "type"));
        assertEquals(Boolean.FALSE, at(ev, "mechanism", "handled"));
        assertEquals("error", ev.get("level"));
        assertEquals("worker-7", ev.get("thread"));
        assertEquals("worker died", at(ev, "exceptions", 0, "message"));

        client.close();
        assertSame(previous, Thread.getDefaultUncaughtExceptionHandler(), "close restores the previous handler");
    }

    @Test
    void withoutAPreviousHandlerTheJdkStylePrintStillHappens() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler(null);
        TelltaleClient client = support.start(b -> b.uncaughtHandler(true));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            throwIn("worker-8", new IllegalStateException("printed too"));
        } finally {
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("Exception in thread \"worker-8\" java.lang.IllegalStateException: printed too"),
                printed);
        assertTrue(client.flush(Poll.SCALE * 5_000));
        assertEquals(1, support.files().size());
        client.close();
        assertEquals(null, Thread.getDefaultUncaughtExceptionHandler());
    }

    @Test
    void uncaughtAfterCloseOnlyReachesThePreviousHandler() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> seen.add(e));
        TelltaleClient client = support.start(b -> b.uncaughtHandler(true));
        client.close();
        throwIn("worker-9", new IllegalStateException("after close"));
        assertEquals(1, seen.size());
        assertTrue(support.files().isEmpty());
    }

    @Test
    void reinitDoesNotChainClosedClientsIntoTheHandler() {
        Thread.UncaughtExceptionHandler previous = (t, e) -> {};
        Thread.setDefaultUncaughtExceptionHandler(previous);
        Telltale.init(support.options().uncaughtHandler(true).build());
        Telltale.init(support.options().uncaughtHandler(true).build());
        Telltale.close();
        assertSame(
                previous,
                Thread.getDefaultUncaughtExceptionHandler(),
                "after init, init, close the application's handler is back");
    }

    @Test
    void closeRemovesTheShutdownHookAndLeavesNoThread() {
        TelltaleClient client = support.start(b -> b.shutdownHook(true).uncaughtHandler(true));
        client.captureMessage("m", Level.INFO);
        client.close();
        assertEquals(List.of(), TelltaleClientTest.telltaleThreads());
        // A removed hook can be removed only once: a second removal reports false.
        assertDoesNotThrow(client::close);
    }

    @Test
    void initWithoutOptionsReadsTelltaleSystemProperties() throws Exception {
        String[][] props = {
            {"telltale.destinations", "file:" + dir},
            {"telltale.uncaught-handler", "false"},
            {"telltale.shutdown-hook", "false"},
            {"telltale.release", "from-sysprops"}
        };
        java.util.Map<String, String> before = new java.util.HashMap<>();
        for (String[] p : props) {
            before.put(p[0], System.getProperty(p[0]));
            System.setProperty(p[0], p[1]);
        }
        try {
            TelltaleClient client = Telltale.init();
            assertEquals("from-sysprops", client.settings().release());
            String id = Telltale.captureMessage("external", Level.INFO);
            assertTrue(Telltale.flush(Poll.SCALE * 5_000));
            assertEquals("from-sysprops", support.event(id).get("release"));
        } finally {
            Telltale.close();
            for (String[] p : props) {
                if (before.get(p[0]) == null) {
                    System.clearProperty(p[0]);
                } else {
                    System.setProperty(p[0], before.get(p[0]));
                }
            }
        }
    }
}
