package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.testkit.EnvelopeServer;
import dev.telltale.testkit.Poll;
import dev.telltale.testkit.TestEvents;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storm policy on fake time, and once with a real client whose backend fails and comes back. */
class StormPolicyTest {
    private static final long WINDOW = 60_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong losses = new AtomicLong();
    private final Event base = TestEvents.message("boom", Level.ERROR);

    @TempDir
    Path tmp;

    private StormPolicy policy(int perGroup) {
        StormPolicy p = new StormPolicy(perGroup, WINDOW, now::get);
        p.losses(losses::get);
        return p;
    }

    private Event group(String name) {
        return base.toBuilder().fingerprint(Collections.singletonList(name)).build();
    }

    /** Starts a storm: a loss is counted, and the policy looks again after its check interval. */
    private void loss() {
        losses.incrementAndGet();
        now.addAndGet(100);
    }

    @Test
    void withoutLossesEveryCopyPasses() {
        StormPolicy p = policy(3);
        for (int i = 0; i < 1000; i++) {
            Event e = group("a");
            assertSame(e, p.apply(e), "copy " + i);
        }
    }

    @Test
    void duringAStormTheFirstCopiesOfEachGroupPassAndTheRestAreDropped() {
        StormPolicy p = policy(3);
        loss();
        int passedA = 0;
        for (int i = 0; i < 20; i++) {
            if (p.apply(group("a")) != null) {
                passedA++;
            }
        }
        assertEquals(3, passedA);
        assertNotNull(p.apply(group("b")), "a distinct error still passes");
        now.addAndGet(WINDOW); // next window, storm still on (a new loss)
        loss();
        Event next = p.apply(group("a"));
        assertNotNull(next);
        assertEquals("17", next.tags().get(StormPolicy.SUPPRESSED_TAG), "the next copy that passes carries the count");
        Event after = p.apply(group("a"));
        assertNull(after.tags().get(StormPolicy.SUPPRESSED_TAG), "the count is carried once");
    }

    @Test
    void theStormEndsOneWindowAfterTheLastLossAndThePendingCountStillTravels() {
        StormPolicy p = policy(1);
        loss();
        assertNotNull(p.apply(group("a")));
        assertNull(p.apply(group("a")));
        assertNull(p.apply(group("a")));
        now.addAndGet(WINDOW + 1);
        Event e = p.apply(group("a"));
        assertNotNull(e, "no loss for a window: the storm is over");
        assertEquals("2", e.tags().get(StormPolicy.SUPPRESSED_TAG));
        for (int i = 0; i < 50; i++) {
            assertNotNull(p.apply(group("a")));
        }
    }

    @Test
    void fatalEventsAndAPolicyTurnedOffAlwaysPass() {
        StormPolicy p = policy(1);
        loss();
        Event fatal = base.toBuilder()
                .level(Level.FATAL)
                .fingerprint(Collections.singletonList("f"))
                .build();
        for (int i = 0; i < 10; i++) {
            assertNotNull(p.apply(fatal));
        }
        StormPolicy off = policy(0);
        assertTrue(!off.enabled());
        for (int i = 0; i < 10; i++) {
            assertNotNull(off.apply(group("a")));
        }
    }

    @Test
    void theTableStaysBoundedUnderManyDistinctGroups() {
        StormPolicy p = policy(1);
        loss();
        for (int i = 0; i < 100_000; i++) {
            assertNotNull(p.apply(group("g" + i)), "the first of each group passes");
        }
        assertTrue(p.used() <= StormPolicy.SLOTS, "groups held: " + p.used());
        assertNotNull(p.apply(group("late")));
        assertNull(p.apply(group("late")), "a group that got a slot is still limited");
    }

    @Test
    void aRealClientKeepsADistinctErrorThroughAnOutageFloodedByCopiesOfAnother() throws Exception {
        List<String> envelopes = new CopyOnWriteArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        HttpServer server = EnvelopeServer.start(envelopes, up::get);
        TelltaleClient client = null;
        try {
            client = TelltaleClient.start(TelltaleOptions.builder()
                    .destinations("http://key@127.0.0.1:" + server.getAddress().getPort() + "/3")
                    .outboxDir(tmp.toString())
                    .set("outbox-max-files", "4") // an outage fills it at once: evictions are losses
                    .set("retry-initial-backoff-ms", "50")
                    .set("retry-max-backoff-ms", "200")
                    .set("storm-per-group", "2")
                    .externalConfig(false)
                    .uncaughtHandler(false)
                    .shutdownHook(false)
                    .build());
            TelltaleClient c = client;
            for (int i = 0; i < 200; i++) {
                c.captureException(new IllegalStateException("checkout failed")); // one group, fresh throwables
                if (i % 20 == 0) {
                    Poll.until(5_000, () -> c.stats().queued() == 0);
                }
            }
            assertTrue(Poll.until(10_000, () -> c.stats().queued() == 0));
            c.captureException(new IllegalArgumentException("a different error"));
            TelltaleStats s = c.stats();
            long stormDrops = s.dropped(DropReason.STORM_DUPLICATE);
            assertTrue(stormDrops > 100, "copies dropped as storm duplicates: " + s);
            assertTrue(s.destinations().get(0).dropped(DropReason.OUTBOX_FULL) > 0, s.toString());

            up.set(true);
            assertTrue(
                    Poll.until(20_000, () -> count(envelopes, "a different error") == 1),
                    "the distinct error is delivered once the backend is back");
            assertTrue(Poll.until(20_000, () -> c.stats().destinations().get(0).pending() == 0));
            TelltaleStats end = c.stats();
            TelltaleStats.DestinationStats d = end.destinations().get(0);
            long clientDrops = 0;
            for (DropReason r : DropReason.values()) {
                clientDrops += end.dropped(r);
            }
            assertEquals(
                    end.captured(), clientDrops + d.sent() + d.droppedTotal(), "every capture accounted for: " + end);
            assertTrue(count(envelopes, "checkout failed") <= 4, "at most the outbox's worth of copies: " + end);
        } finally {
            if (client != null) {
                client.close();
            }
            server.stop(0);
        }
    }

    private static int count(List<String> envelopes, String text) {
        int n = 0;
        for (String e : envelopes) {
            if (e.contains(text)) {
                n++;
            }
        }
        return n;
    }
}
