package dev.telltale.logback;

import static dev.telltale.logback.LogbackHarness.await;
import static dev.telltale.logback.LogbackHarness.events;
import static dev.telltale.logback.LogbackHarness.logCrumbs;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.telltale.Breadcrumb;
import dev.telltale.DropReason;
import dev.telltale.Level;
import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.internal.util.Strings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Real Logback from XML, a WireMock backend, Telltale's own JSON on the wire. */
class TelltaleAppenderTest {
    private static final Logger ORDERS = LoggerFactory.getLogger("shop.Orders");

    private WireMockServer wm;
    private final Map<String, String> props = new HashMap<>();

    @TempDir
    Path outbox;

    @BeforeEach
    void startBackend() {
        Telltale.close();
        wm = LogbackHarness.startBackend(props, outbox);
    }

    @AfterEach
    void stopEverything() {
        MDC.clear();
        LogbackHarness.stopAll(wm);
    }

    private List<JsonNode> flushedEvents(int expected) {
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)), "Telltale drained its queue");
        assertTrue(await(5_000, () -> events(wm, "/events").size() >= expected), "expected " + expected + " events");
        return events(wm, "/events");
    }

    @Test
    void errorWithExceptionArrivesAsEventWithPrecedingInfoAndWarnLinesAsBreadcrumbs() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        ORDERS.debug("Looking up order {}", 42);
        ORDERS.info("Cart {} submitted", 7);
        ORDERS.warn("Payment gateway slow: {} ms", 3200);
        ORDERS.error("Order {} failed", 42, new IllegalStateException("card declined"));

        List<JsonNode> events = flushedEvents(1);
        assertEquals(1, events.size(), "only the ERROR line is an event");
        JsonNode e = events.get(0);
        assertEquals("error", e.path("level").asText());
        assertEquals("logback", e.path("mechanism").path("type").asText());
        assertTrue(e.path("mechanism").path("handled").asBoolean());
        assertEquals("Order {} failed", e.path("messageTemplate").asText());
        assertEquals("Order 42 failed", e.path("message").asText());
        assertEquals("shop.Orders", e.path("logger").asText());
        assertEquals(Thread.currentThread().getName(), e.path("thread").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                e.path("exceptions").get(0).path("type").asText());
        assertEquals(
                "card declined", e.path("exceptions").get(0).path("message").asText());
        assertEquals("shop@1.4.2", e.path("release").asText());
        assertEquals("test", e.path("environment").asText());
        assertEquals("shop.Orders", e.path("tags").path("logger").asText());
        assertEquals(
                Thread.currentThread().getName(), e.path("tags").path("thread").asText());
        assertEquals("checkout", e.path("tags").path("team").asText(), "<option> passes any core option");

        List<JsonNode> crumbs = logCrumbs(e);
        assertEquals(2, crumbs.size(), "INFO and WARN become breadcrumbs, DEBUG is below the default: " + crumbs);
        assertEquals("info", crumbs.get(0).path("level").asText());
        assertEquals("shop.Orders", crumbs.get(0).path("category").asText());
        assertEquals("Cart 7 submitted", crumbs.get(0).path("message").asText());
        assertEquals("warning", crumbs.get(1).path("level").asText());
        assertEquals(
                "Payment gateway slow: 3200 ms", crumbs.get(1).path("message").asText());
    }

    @Test
    void oneLogStatementKeepsOneTemplateWhateverItsArguments() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        for (int order = 1; order <= 2; order++) {
            ORDERS.error("Order {} could not be shipped to {}", order, "Berlin");
        }

        List<JsonNode> events = flushedEvents(2);
        assertEquals(2, events.size());
        for (JsonNode e : events) {
            assertEquals(
                    "Order {} could not be shipped to {}",
                    e.path("messageTemplate").asText());
            assertEquals(0, e.path("exceptions").size(), "a line without throwable is a message event");
            assertEquals("logback", e.path("mechanism").path("type").asText());
        }
        assertEquals(
                "Order 1 could not be shipped to Berlin",
                events.get(0).path("message").asText());
        assertEquals(
                "Order 2 could not be shipped to Berlin",
                events.get(1).path("message").asText());
    }

    @Test
    void listedMdcKeysBecomeTagsAndTheRestTheMdcContext() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        MDC.put("tenant", "acme");
        MDC.put("requestId", "r-1042");
        MDC.put("userAgent", "curl/8.5");
        ORDERS.error("Refund failed");

        JsonNode e = flushedEvents(1).get(0);
        assertEquals("acme", e.path("tags").path("tenant").asText());
        assertEquals("r-1042", e.path("tags").path("requestId").asText());
        assertFalse(e.path("tags").has("userAgent"));
        JsonNode mdc = e.path("contexts").path("mdc");
        assertEquals("curl/8.5", mdc.path("userAgent").asText());
        assertFalse(mdc.has("tenant"), "a key that became a tag is not repeated in the context");
    }

    @Test
    void markersAndTheirReferencesBecomeTheMarkerTag() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        Marker billing = MarkerFactory.getDetachedMarker("BILLING");
        billing.add(MarkerFactory.getDetachedMarker("AUDIT"));
        ORDERS.error(billing, "Invoice {} rejected", "INV-9");
        ORDERS.error("No marker here");

        List<JsonNode> events = flushedEvents(2);
        assertEquals("BILLING,AUDIT", events.get(0).path("tags").path("marker").asText());
        assertFalse(events.get(1).path("tags").has("marker"));
    }

    @Test
    void thresholdsComeFromTheProperties() {
        props.put("EVENT_LEVEL", "WARN");
        props.put("BREADCRUMB_LEVEL", "DEBUG");
        LogbackHarness.configure("/logback/wiremock-levels.xml", props);

        ORDERS.trace("trace line");
        ORDERS.debug("debug line");
        ORDERS.info("info line");
        ORDERS.warn("warn line");

        List<JsonNode> events = flushedEvents(1);
        assertEquals(1, events.size());
        JsonNode e = events.get(0);
        assertEquals("warning", e.path("level").asText());
        assertEquals("warn line", e.path("message").asText());
        List<String> crumbs = new ArrayList<>();
        for (JsonNode b : logCrumbs(e)) {
            crumbs.add(b.path("level").asText() + ":" + b.path("message").asText());
        }
        assertEquals(List.of("debug:debug line", "info:info line"), crumbs);
    }

    @Test
    void anEventWithoutALevelIsIgnoredWithoutThrowingIntoTheCaller() {
        TelltaleAppender appender = new TelltaleAppender();
        appender.setContext(new LoggerContext());
        appender.setEnabled("false");
        appender.start();
        try {
            ch.qos.logback.classic.spi.LoggingEvent noLevel = new ch.qos.logback.classic.spi.LoggingEvent();
            noLevel.setLoggerName("shop.Orders");
            noLevel.setMessage("no level");
            assertDoesNotThrow(() -> appender.doAppend(noLevel));
            assertDoesNotThrow(() -> appender.doAppend(null));
        } finally {
            appender.stop();
        }
    }

    @Test
    void logbackLevelsMapOntoTelltaleLevels() {
        props.put("EVENT_LEVEL", "TRACE");
        props.put("BREADCRUMB_LEVEL", "TRACE");
        LogbackHarness.configure("/logback/wiremock-levels.xml", props);

        ORDERS.trace("t");
        ORDERS.debug("d");
        ORDERS.info("i");
        ORDERS.warn("w");
        ORDERS.error("e");

        List<String> levels = new ArrayList<>();
        for (JsonNode e : flushedEvents(5)) {
            levels.add(e.path("message").asText() + "=" + e.path("level").asText());
        }
        assertEquals(List.of("t=debug", "d=debug", "i=info", "w=warning", "e=error"), levels);
    }

    @Test
    void linesBelowTheBreadcrumbLevelAreNeverFormatted() {
        LogbackHarness.configure("/logback/wiremock.xml", props);
        AtomicInteger formatted = new AtomicInteger();
        Object argument = new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "arg";
            }
        };

        ORDERS.debug("below the breadcrumb level {}", argument);
        assertEquals(0, formatted.get(), "a DEBUG line costs no formatting");
        ORDERS.info("a breadcrumb {}", argument);
        assertEquals(1, formatted.get(), "a breadcrumb formats once");
    }

    @Test
    void breadcrumbMessagesFormattedLaterReadExactlyAsLogbackFormatsThem() {
        LogbackHarness.configure("/logback/wiremock.xml", props);
        StringBuilder mutable = new StringBuilder("before");
        Object[][] lines = {
            {"cart {} submitted with {} items", 7, 3},
            {"escaped \\{} then {}", "x"},
            {"double escaped \\\\{} here", 5L},
            {"fewer {} than {} placeholders {}", true, 'c'},
            {"more args than placeholders {}", 1.5, 2.5f, (short) 3},
            {"a null {} and {}", null, "s"},
            {"no placeholders at all", 1},
            {"lone \uD800 in the template {}", "and \uDC00 in an argument"},
            {"an object {} changed after the line", mutable},
            {"an array {}", new int[] {1, 2}},
        };
        List<String> expected = new ArrayList<>();
        for (Object[] line : lines) {
            Object[] args = java.util.Arrays.copyOfRange(line, 1, line.length);
            ORDERS.info((String) line[0], args);
            expected.add(Strings.clean(
                    org.slf4j.helpers.MessageFormatter.arrayFormat((String) line[0], args)
                            .getMessage(),
                    Breadcrumb.MAX_MESSAGE_CHARS));
        }
        mutable.append(" and after");
        ORDERS.error("then it failed");

        List<String> messages = new ArrayList<>();
        for (JsonNode crumb : logCrumbs(flushedEvents(1).get(0))) {
            messages.add(crumb.path("message").asText());
        }
        assertEquals(expected, messages);
        assertTrue(messages.contains("an object before changed after the line"), messages.toString());
    }

    @Test
    void breadcrumbMessagesAreBounded() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        ORDERS.info("payload {}", "x".repeat(20_000));
        ORDERS.error("then it failed");

        JsonNode crumb = logCrumbs(flushedEvents(1).get(0)).get(0);
        int length = crumb.path("message").asText().length();
        assertTrue(length <= Breadcrumb.MAX_MESSAGE_CHARS + 1 && length > 1000, "breadcrumb message length " + length);
    }

    @Test
    void sameThrowableLoggedThenThrownUncaughtIsOneEvent() throws Exception {
        props.put("UNCAUGHT_HANDLER", "true");
        LogbackHarness.configure("/logback/wiremock.xml", props);
        IllegalStateException failure = new IllegalStateException("stock count negative");

        Thread worker = new Thread(
                () -> {
                    ORDERS.error("Stock update failed", failure);
                    throw failure;
                },
                "stock-worker");
        worker.start();
        worker.join(5_000);

        List<JsonNode> events = flushedEvents(1);
        assertTrue(
                await(5_000, () -> Telltale.stats().dropped(DropReason.DUPLICATE) == 1),
                "the uncaught report was recognised");
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)));
        assertEquals(1, events(wm, "/events").size(), "logged and then uncaught is one event");
        assertEquals("logback", events.get(0).path("mechanism").path("type").asText());
    }

    @Test
    void telltaleOwnLoggersAndReentrantLinesAreDroppedAndCounted() {
        LogbackHarness.configure("/logback/wiremock.xml", props);

        LoggerFactory.getLogger("dev.telltale.internal.delivery.Dispatcher").error("from inside Telltale");
        Telltale.captureMessage("outer", Level.WARNING, scope -> ORDERS.error("logged while Telltale captures"));
        ORDERS.error("after");

        List<JsonNode> events = flushedEvents(2);
        List<String> messages = new ArrayList<>();
        for (JsonNode e : events) {
            messages.add(e.path("message").asText());
        }
        assertEquals(List.of("outer", "after"), messages);
        assertEquals(2, Telltale.stats().dropped(DropReason.REENTRANT));
    }

    @Test
    void backendLoggingOnTheSenderThreadDoesNotLoop() {
        props.put("DESTINATION", props.get("DESTINATION") + "?chatty");
        LogbackHarness.configure("/logback/wiremock.xml", props);

        ORDERS.error("one failure");
        flushedEvents(1);
        // Had the sender's own ERROR line become an event, each delivery would queue another one.
        assertFalse(await(300, () -> events(wm, "/events").size() > 1), "no event about the delivery of an event");
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)));
        assertEquals(1, events(wm, "/events").size());
        assertTrue(
                Telltale.stats().dropped(DropReason.REENTRANT) >= 1,
                "the sender's line was counted: " + Telltale.stats());
    }

    @Test
    void usesAnAlreadyInitialisedClientAndLeavesItRunning() {
        TelltaleClient byCode = Telltale.init(TelltaleOptions.builder()
                .destinations("testhttp+http://127.0.0.1:" + wm.port() + "/code-events")
                .outboxDir(outbox.toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .externalConfig(false)
                .build());
        LogbackHarness.configure("/logback/wiremock.xml", props);

        ORDERS.error("Order {} failed", 7);
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)));
        assertTrue(await(5_000, () -> events(wm, "/code-events").size() == 1));
        assertEquals(0, events(wm, "/events").size(), "the appender did not start a second client");

        LogbackHarness.reset();
        assertSame(byCode, Telltale.client());
        assertTrue(byCode.isEnabled(), "stopping Logback leaves a client it did not start running");
    }

    @Test
    void startsItsOwnClientAndReleasesItOnStop() {
        assertFalse(Telltale.isEnabled());
        LogbackHarness.configure("/logback/wiremock.xml", props);
        TelltaleClient started = Telltale.client();
        assertTrue(started.isEnabled(), "the appender started Telltale");
        assertEquals(List.of("testhttp(127.0.0.1:" + wm.port() + "/events)"), started.destinationNames());

        LogbackHarness.reset();
        assertFalse(started.isEnabled(), "stopping the appender closed what it started");
        assertFalse(Telltale.isEnabled());
    }

    @Test
    void twoLogbackContextsShareTheClientTheFirstAppenderStarted() throws Exception {
        LogbackHarness.configure("/logback/wiremock.xml", props);
        TelltaleClient started = Telltale.client();
        LoggerContext second = new LoggerContext();
        second.setName("second-webapp");
        props.forEach(second::putProperty);
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(second);
        joran.doConfigure(getClass().getResource("/logback/wiremock.xml"));

        assertSame(started, Telltale.client(), "the second appender did not start another client");
        LogbackHarness.reset();
        assertTrue(started.isEnabled(), "still used by the second context's appender");
        second.getLogger("shop.Other").error("from the second context");
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)));
        // Also proves robustness: Logback 1.3+ cannot give the MDC of a context created like this one.
        assertEquals(1, events(wm, "/events").size());
        second.stop();
        assertFalse(started.isEnabled(), "the last appender using it closed it");
    }

    @Test
    void codeThatInitialisesLaterTakesOverFromTheAppender() {
        LogbackHarness.configure("/logback/wiremock.xml", props);
        TelltaleClient fromAppender = Telltale.client();
        TelltaleClient byCode = Telltale.init(TelltaleOptions.builder()
                .destinations("testhttp+http://127.0.0.1:" + wm.port() + "/code-events")
                .outboxDir(outbox.toString())
                .uncaughtHandler(false)
                .shutdownHook(false)
                .externalConfig(false)
                .build());
        assertFalse(fromAppender.isEnabled(), "init replaced the appender's client");

        ORDERS.error("after init");
        assertTrue(Telltale.flush(5_000 * Long.getLong("telltale.test.wait-scale", 5)));
        assertTrue(await(5_000, () -> events(wm, "/code-events").size() == 1), "the appender follows the facade");

        LogbackHarness.reset();
        assertTrue(byCode.isEnabled(), "the appender does not close a client code started");
    }

    @Test
    void badPropertiesNeverStopLogbackStartup() {
        LogbackHarness.configure("/logback/bad-properties.xml", props);
        Appender<ILoggingEvent> appender =
                LogbackHarness.context().getLogger("ROOT").getAppender("TELLTALE");
        assertNotNull(appender);
        assertTrue(appender.isStarted());

        ORDERS.warn("not an event: the level fell back to ERROR");
        ORDERS.error("an event");

        List<JsonNode> events = flushedEvents(1);
        assertEquals(1, events.size());
        assertEquals("an event", events.get(0).path("message").asText());
        assertFalse(events.get(0).has("release"), "an undefined variable is not sent as the release");
    }

    @Test
    void runsOnTheLogbackLineThisExecutionAsksFor() {
        String expected = System.getProperty("telltale.test.logback");
        assertNotNull(expected, "set by the surefire execution");
        String jar = ILoggingEvent.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString();
        String version = ILoggingEvent.class.getPackage().getImplementationVersion();
        boolean newest = !expected.startsWith("1.2");
        assertEquals(newest, hasMethod("getMarkerList"), "Logback from " + jar + " (" + version + ") for " + expected);
        if (version != null) {
            assertEquals(expected, version);
        }
    }

    private static boolean hasMethod(String name) {
        try {
            ILoggingEvent.class.getMethod(name);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
