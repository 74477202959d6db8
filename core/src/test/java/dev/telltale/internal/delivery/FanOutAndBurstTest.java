package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.delivered;
import static dev.telltale.internal.delivery.Pipelines.messages;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.DropReason;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FanOutAndBurstTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    @Test
    void aHangingDestinationNeverDelaysTheHealthyOnes() {
        StubMapping a = answer(server, "/a", ok());
        answer(server, "/b", aResponse().withStatus(200).withFixedDelay(10_000)); // hangs past the read timeout
        StubMapping c = answer(server, "/c", ok());
        List<String> expected = messages("fan", 20);
        try (TelltaleClient client =
                TelltaleClient.start(Pipelines.options(outbox, uri(server, "/a"), uri(server, "/b"), uri(server, "/c"))
                        .set("read-timeout-ms", "3000")
                        .build())) {
            long start = System.nanoTime();
            for (String m : expected) {
                client.captureMessage(m, Level.ERROR);
            }
            await(
                    8_000,
                    () -> client.stats().destinations().get(0).sent() == 20
                            && client.stats().destinations().get(2).sent() == 20,
                    () -> client.stats().toString());
            long healthyMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("fan-out: two healthy destinations got 20 events each in " + healthyMillis
                    + " ms while the third hangs; " + client.stats());
            Pipelines.assertDeliveredInOrder(
                    expected,
                    delivered(server, a),
                    client.stats().destinations().get(0).retried());
            Pipelines.assertDeliveredInOrder(
                    expected,
                    delivered(server, c),
                    client.stats().destinations().get(2).retried());
            // Sharing one sender, 20 events behind a 3 s read timeout would take a minute.
            assertTrue(
                    healthyMillis < 8_000,
                    "healthy lanes were not held back by the hanging one: " + healthyMillis + " ms");
            assertEquals(0, client.stats().destinations().get(1).sent(), "the hanging one has delivered nothing yet");

            StubMapping b = answer(server, "/b", ok());
            await(
                    20_000,
                    () -> client.stats().destinations().get(1).sent() == 20,
                    () -> client.stats().toString());
            assertEquals(expected, delivered(server, b), "the slow one gets everything after recovery, in order");
        }
    }

    @Test
    void burstWhileTheBackendIsDownIsSpooledThenDeliveredAndEveryDropIsCounted() {
        answer(server, "/burst", serviceUnavailable());
        int n = 1_000;
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/burst"))
                .queueSize(200)
                .set("retry-initial-backoff-ms", "100")
                .build())) {
            for (String m : messages("burst", n)) {
                c.captureMessage(m, Level.WARNING);
            }
            // Once the first attempt has failed, everything that passed the queue waits on disk.
            await(
                    20_000,
                    () -> stats(c).retried() >= 1
                            && c.stats().dropped(DropReason.QUEUE_OVERFLOW) + stats(c).spooled() == n,
                    () -> c.stats().toString());
            long overflow = c.stats().dropped(DropReason.QUEUE_OVERFLOW);
            assertEquals(n - overflow, stats(c).pending(), c.stats().toString());

            StubMapping up = answer(server, "/burst", ok());
            await(30_000, () -> stats(c).pending() == 0, () -> c.stats().toString());
            List<String> got = delivered(server, up);
            System.out.println("burst of " + n + " captures in a tight loop, queue-size 200, backend down: spooled="
                    + stats(c).spooled() + ", dropped at the queue=" + overflow + ", delivered after recovery="
                    + got.size());
            assertEquals(n, got.size() + overflow, "every event is delivered or counted: " + c.stats());
            assertEquals(got.size(), new HashSet<>(got).size(), "none twice");
            List<String> sorted = new ArrayList<>(got);
            java.util.Collections.sort(sorted);
            assertEquals(sorted, got, "in capture order");
            assertEquals(0, stats(c).droppedTotal(), c.stats().toString());
        }
    }

    @Test
    void moreThanTheLaneHoldsInMemorySpillsToDiskAndArrivesInOrder() {
        // Slower than Lane.STALL_NANOS per request: the sender stops waiting for room and spills.
        StubMapping slow = answer(server, "/spill", aResponse().withStatus(200).withFixedDelay(300));
        int n = 1_000;
        List<String> all = messages("spill", n);
        try (TelltaleClient c = TelltaleClient.start(
                Pipelines.options(outbox, uri(server, "/spill")).queueSize(200).build())) {
            for (int i = 0; i < n; i++) {
                c.captureMessage(all.get(i), Level.WARNING);
                if (i % 100 == 99) { // a burst the queue can take, batch by batch
                    await(
                            10_000,
                            () -> {
                                TelltaleStats.DestinationStats d = stats(c);
                                return d.sent() + d.pending() + c.stats().dropped(DropReason.QUEUE_OVERFLOW)
                                        == c.stats().captured();
                            },
                            () -> c.stats().toString());
                }
            }
            assertEquals(0, c.stats().dropped(DropReason.QUEUE_OVERFLOW));
            long spooled = stats(c).spooled();
            assertTrue(
                    spooled >= n - 200 - stats(c).sent(), "past 200 in memory, the rest waits on disk: " + c.stats());

            StubMapping fast = answer(server, "/spill", ok());
            await(30_000, () -> stats(c).sent() == n, () -> c.stats().toString());
            List<String> got = new ArrayList<>(delivered(server, slow));
            got.addAll(delivered(server, fast));
            System.out.println("1000 events to a slow backend (300 ms per request), 200 held in memory: spooled="
                    + spooled + ", all delivered in order");
            assertEquals(all, got);
            assertEquals(0, stats(c).droppedTotal(), c.stats().toString());
        }
    }
}
