package dev.telltale.internal.delivery;

import static dev.telltale.internal.delivery.FaultServer.Mode;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.messages;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reliability suite's fault server, mode by mode, through a whole client: what arrives once the
 * backend recovers, duplicates, the caller's capture time and the time {@code close()} takes. Figures
 * are printed (surefire's output file); the assertions are about behaviour, with generous bounds.
 */
class FaultModesTest {
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");
    private static final int EVENTS = 20;

    @TempDir
    Path outbox;

    private static String uri(FaultServer s) {
        return "testhttp://127.0.0.1:" + s.port() + "/f";
    }

    private static Map<String, Integer> arrivals(FaultServer s) {
        Map<String, Integer> n = new HashMap<>();
        for (String body : s.accepted()) {
            Matcher m = MESSAGE.matcher(body);
            if (m.find()) {
                n.merge(m.group(1), 1, Integer::sum);
            }
        }
        return n;
    }

    private long filesOnDisk() throws IOException {
        try (Stream<Path> s = Files.walk(outbox)) {
            return s.filter(p -> p.getFileName().toString().endsWith(Outbox.SUFFIX)
                            && Files.isRegularFile(p)
                            && !p.getParent().getFileName().toString().equals(Outbox.CORRUPT_DIR))
                    .count();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyEventArrivesOnceTheBackendRecovers(Mode mode) throws IOException {
        try (FaultServer s = new FaultServer(mode)) {
            List<String> expected = messages(mode.name(), EVENTS);
            long closeMillis;
            TelltaleStats.DestinationStats last;
            TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(s))
                    .set("connect-timeout-ms", "500")
                    .set("read-timeout-ms", "500")
                    .build());
            try {
                long[] nanos = new long[EVENTS];
                for (int i = 0; i < EVENTS; i++) {
                    long t0 = System.nanoTime();
                    c.captureMessage(expected.get(i), Level.ERROR);
                    nanos[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(nanos);
                double captureMicros = nanos[EVENTS / 2] / 1_000.0;
                await(15_000, () -> s.requests.get() >= 1, () -> "no request reached the server");
                s.mode = Mode.OK; // recovery
                await(
                        30_000,
                        () -> arrivals(s).keySet().containsAll(expected),
                        () -> mode + ": arrived " + arrivals(s).keySet() + "; " + c.stats());
                assertTrue(c.flush(10_000), c.stats().toString());
                last = stats(c);
                long closeStart = System.nanoTime();
                c.close();
                closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
                Map<String, Integer> got = arrivals(s);
                int duplicates = 0;
                for (int n : got.values()) {
                    duplicates += n - 1;
                }
                System.out.printf(
                        "fault %-20s arrived %d/%d, duplicates %d, capture %.1f us median, close %d ms, %s%n",
                        mode, got.size(), EVENTS, duplicates, captureMicros, closeMillis, last);
                assertEquals(EVENTS, last.sent(), last.toString());
                assertEquals(0, last.droppedTotal(), last.toString());
                // At-least-once: only a request cut after the server may have taken it can come twice.
                assertTrue(duplicates <= 1, mode + ": " + duplicates + " duplicates");
                // Not a speed test: a capture that waited on this backend would take its 500 ms timeout.
                assertTrue(captureMicros < 50_000, "capture took " + captureMicros + " us (median)");
                assertTrue(closeMillis < 5_000, "close took " + closeMillis + " ms");
            } finally {
                c.close();
            }
        }
    }

    /**
     * Issue 18 item 1: a backend that hangs (a read timeout far away) must not keep captured events in
     * memory only, where a SIGKILL loses them: the stalled lane puts them on disk within a fraction of
     * a second, its hanging request's own event included.
     */
    @Test
    void aHangingBackendGetsTheEventsOntoDiskLongBeforeItsTimeout() throws IOException {
        try (FaultServer s = new FaultServer(Mode.HANG)) {
            List<String> expected = messages("hang", EVENTS);
            try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(s))
                    .set("read-timeout-ms", "60000")
                    .build())) {
                for (String m : expected) {
                    c.captureMessage(m, Level.ERROR);
                }
                long start = System.nanoTime();
                await(
                        10_000,
                        () -> {
                            try {
                                return filesOnDisk() == EVENTS;
                            } catch (IOException e) {
                                return false;
                            }
                        },
                        () -> "on disk: " + c.stats());
                System.out.printf(
                        "hanging backend: %d events on disk %d ms after the last capture%n",
                        EVENTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                s.mode = Mode.OK;
                await(
                        20_000,
                        () -> arrivals(s).keySet().containsAll(expected),
                        () -> c.stats().toString());
                assertTrue(c.flush(10_000), c.stats().toString());
                List<String> order = new ArrayList<>();
                for (String body : s.accepted()) {
                    Matcher m = MESSAGE.matcher(body);
                    if (m.find()) {
                        order.add(m.group(1));
                    }
                }
                assertEquals(expected, order, "each once, in order");
            }
        }
    }
}
