package dev.telltale.logback;

import static dev.telltale.logback.LogbackHarness.await;
import static dev.telltale.logback.LogbackHarness.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.telltale.DropReason;
import dev.telltale.Telltale;
import dev.telltale.testkit.Poll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line logged on the appending thread while the appender itself runs (issue 19, defect 6).
 * Logback 1.2 drops it with a per-appender thread-local guard; Logback 1.5.21 builds a no-op
 * {@code ReentryGuard} for {@code UnsynchronizedAppenderBase}, so the nested line reaches the
 * appender. Telltale's own mark, not Logback's guard, is what keeps its work out of capture.
 */
class LogbackReentryTest {
    private static final Logger ORDERS = LoggerFactory.getLogger("shop.Orders");
    private static final Logger AUDIT = LoggerFactory.getLogger("shop.Audit");

    private WireMockServer wm;
    private final Map<String, String> props = new HashMap<>();

    @TempDir
    Path outbox;

    @BeforeEach
    void startBackend() {
        Telltale.close();
        wm = LogbackHarness.startBackend(props, outbox);
        LogbackHarness.configure("/logback/wiremock.xml", props);
    }

    @AfterEach
    void stopEverything() {
        LogbackHarness.stopAll(wm);
    }

    private static boolean logback12() {
        return String.valueOf(System.getProperty("telltale.test.logback")).startsWith("1.2");
    }

    /** An argument whose {@code toString()} logs: it runs when the appender formats the line. */
    private static final class Chatty {
        @Override
        public String toString() {
            AUDIT.error("audit line logged from toString");
            return "order-42";
        }
    }

    private List<String> messagesAfterFlush(int expected) {
        assertTrue(Telltale.flush(Poll.SCALE * 5_000), "drained");
        assertTrue(await(5_000, () -> events(wm, "/events").size() >= expected), "expected " + expected + " events");
        List<String> out = new ArrayList<>();
        for (JsonNode e : events(wm, "/events")) {
            out.add(e.path("message").asText());
        }
        return out;
    }

    @Test
    void aLineLoggedWhileTheAppenderFormatsIsTheApplicationsOwnOnLogback15AndDroppedByLogback12sGuard() {
        ORDERS.error("failed {}", new Chatty());
        ORDERS.error("after");

        if (logback12()) {
            // 1.2's thread-local guard is set while our append runs: the nested line never reaches us.
            assertEquals(List.of("failed order-42", "after"), messagesAfterFlush(2));
        } else {
            // 1.5.21: no guard; the nested line is an application line like any other, reported once.
            List<String> messages = messagesAfterFlush(3);
            assertEquals(3, messages.size(), String.valueOf(messages));
            assertTrue(
                    messages.containsAll(List.of("audit line logged from toString", "failed order-42", "after")),
                    String.valueOf(messages));
        }
        assertEquals(0, Telltale.stats().dropped(DropReason.REENTRANT), "nothing Telltale did itself was logged");
    }

    @Test
    void aLineLoggedFromInsideTelltaleIsCountedNotCapturedOnEveryLogbackLine() {
        // Without Logback's guard (1.5.21) only Telltale's mark stops this: a scope callback runs inside capture.
        Telltale.captureMessage("outer", dev.telltale.Level.WARNING, scope -> ORDERS.error("logged inside capture"));
        assertEquals(List.of("outer"), messagesAfterFlush(1));
        assertEquals(1, Telltale.stats().dropped(DropReason.REENTRANT));
    }
}
