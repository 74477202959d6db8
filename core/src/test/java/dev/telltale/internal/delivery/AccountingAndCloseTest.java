package dev.telltale.internal.delivery;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.DropReason;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.served;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every captured event is sent, dropped (counted once) or still pending: never lost, never counted twice. */
class AccountingAndCloseTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    /** Payload files in the lanes' directories (not the corrupt ones: those are counted as dropped). */
    private static long spooledFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(Outbox.SUFFIX))
                    .filter(p -> !p.getParent().getFileName().toString().equals(Outbox.CORRUPT_DIR)).count();
        }
    }

    private static long droppedAllReasons(TelltaleStats s) {
        long n = 0;
        for (long v : s.dropped().values()) {
            n += v;
        }
        for (TelltaleStats.DestinationStats d : s.destinations()) {
            n += d.droppedTotal();
        }
        return n;
    }

    @Test
    void closeRightAfterABurstWithTheBackendDownLeavesEveryEventInTheOutboxOrCounted() throws Exception {
        answer(server, "/down", serviceUnavailable());
        int n = 1_500;
        String line;
        try (Pipelines.Child child = new Pipelines.Child(ChildMains.BurstThenClose.class, Collections.<String>emptyList(),
                outbox.toString(), uri(server, "/down"), Integer.toString(n))) {
            line = child.expect("STATS ", 60_000);
            assertTrue(child.process.waitFor(20, TimeUnit.SECONDS), "the child exited");
            for (String l : child.all) {
                assertFalse(l.contains("could not write") || l.contains("ClosedByInterrupt") || l.contains("corrupt"),
                        "close cut an outbox write: " + l + "; output " + child.all);
            }
        }
        String[] f = line.split(" ");
        long captured = Long.parseLong(f[1]);
        long sent = Long.parseLong(f[2]);
        long dropped = Long.parseLong(f[3]);
        long files = spooledFiles(outbox);
        System.out.println("burst of " + n + " then close, backend down: " + files + " in the outbox, " + dropped
                + " dropped (counted), " + sent + " sent; " + line);
        assertEquals(n, captured, line);
        assertEquals(0, sent, line);
        assertTrue(files > 0 && line.contains("retried=") && !line.contains("retried=0"), "the burst reached the outbox of a failing lane: " + line);
        assertEquals(captured, sent + dropped + files, "every event is in the outbox or counted: " + line);
    }

    @Test
    void capturedEqualsSentPlusDroppedPlusPendingThroughFailuresARateLimitAndASpill() {
        answer(server, "/mixed", serviceUnavailable());
        int burst = 300;
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/mixed"))
                .queueSize(100)
                .set("outbox-max-files", "120")
                .build())) {
            // Backend down: a burst overflows the queue, then two waves it can take spill to an
            // outbox too small for them (the oldest files are evicted).
            int captured = 0;
            for (int wave : new int[]{burst, 100, 100}) {
                for (int i = 0; i < wave; i++) {
                    c.captureMessage(String.format("mixed-%04d", captured++), Level.ERROR);
                }
                await(15_000, () -> processed(c) == c.stats().captured(), () -> c.stats().toString());
            }
            // Then rate limited for a moment, then back: everything left is delivered.
            answer(server, "/mixed", aResponse().withStatus(429).withHeader("Retry-After", "1"));
            await(10_000, () -> served(server, null).stream().anyMatch(e -> e.getResponse().getStatus() == 429),
                    () -> "rate limited: " + c.stats());
            StubMapping up = answer(server, "/mixed", ok());
            assertTrue(c.flush(20_000), "drained: " + c.stats());

            TelltaleStats s = c.stats();
            TelltaleStats.DestinationStats d = stats(c);
            System.out.println("mixed scenario: " + s);
            assertTrue(d.retried() >= 2 && d.spooled() > 0, "failures and a spill happened: " + s);
            assertTrue(s.dropped(DropReason.QUEUE_OVERFLOW) > 0 && d.dropped(DropReason.OUTBOX_FULL) > 0,
                    "drops of two kinds happened: " + s);
            assertEquals(burst + 200, s.captured());
            assertEquals(s.captured(), d.sent() + droppedAllReasons(s) + d.pending(), "captured = sent + dropped + pending: " + s);
            assertEquals(0, d.pending(), s.toString());
            assertEquals(d.sent(), served(server, up).size(), "sent is what the backend received: " + s);
        }
    }

    /** Captured events that have reached a lane or been dropped: nothing left in the queue. */
    private static long processed(TelltaleClient c) {
        TelltaleStats s = c.stats();
        TelltaleStats.DestinationStats d = s.destinations().get(0);
        return d.sent() + droppedAllReasons(s) + d.pending();
    }
}
