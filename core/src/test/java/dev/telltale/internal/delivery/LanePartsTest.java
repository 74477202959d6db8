package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.DropReason;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lane's parts alone, on fake time: what goes next ({@link Picker}), what an outcome does
 * ({@link OutcomeHandler}), the memory backlog, the spiller and the outbox's index. No server, no
 * lane thread, no sleeping.
 */
class LanePartsTest {
    private static final String LANE = "00112233aabbccdd";
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final RetryPolicy retry = new RetryPolicy(new Backoff(1_000, 8_000), 60_000, clock::get);
    private final Set<Object> inFlight = new HashSet<>();

    @TempDir
    Path dir;

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static Payload payload(String id, String category) {
        return new Payload(id, category, "application/json", new byte[100], System.currentTimeMillis());
    }

    private static Backlog.Entry entry(long seq, String category) {
        return new Backlog.Entry(seq, payload("e" + seq, category), null);
    }

    @Test
    void pickerTakesTheOldestBySequenceFromMemoryOrOutboxAndSkipsWhatIsInFlight() throws Exception {
        Outbox outbox = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
        Picker picker = new Picker(LANE, outbox, retry, TimeUnit.SECONDS.toNanos(30), clock.get());
        Backlog backlog = new Backlog(10, 1 << 20);
        Backlog.Entry twenty = entry(20, "error");
        backlog.add(twenty);
        String ten = outbox.write(LANE, 10, payload("f10", "error"), false);
        String thirty = outbox.write(LANE, 30, payload("f30", "error"), false);

        assertEquals(ten, picker.next(backlog, inFlight, clock.get()).file, "the file is older than memory");
        inFlight.add(ten);
        assertSame(twenty, picker.next(backlog, inFlight, clock.get()).entry, "then memory, by sequence");
        inFlight.add(twenty);
        assertEquals(thirty, picker.next(backlog, inFlight, clock.get()).file);
        outbox.busy(LANE, thirty, true); // a memory entry spilled while its request is in flight
        Picker.Pick none = picker.next(backlog, inFlight, clock.get());
        assertNull(none.entry);
        assertNull(none.file);
        assertTrue(none.waitNanos > 0, "nothing else to send: wait");
    }

    @Test
    void pickerWaitsOutTheBackoffAndSkipsARateLimitedCategoryUntilItEnds() {
        Picker picker = new Picker(LANE, Outbox.none(), retry, TimeUnit.SECONDS.toNanos(30), clock.get());
        Backlog backlog = new Backlog(10, 1 << 20);
        Backlog.Entry error = entry(1, "error");
        Backlog.Entry session = entry(2, "session");
        backlog.add(error);
        backlog.add(session);

        long delay = retry.failed(-1);
        Picker.Pick p = picker.next(backlog, inFlight, clock.get());
        assertNull(p.entry);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(delay), p.waitNanos, "waits exactly the backoff");
        advance(delay);
        retry.delivered();

        retry.limit(Collections.singleton("error"), 10_000);
        assertSame(
                session,
                picker.next(backlog, inFlight, clock.get()).entry,
                "the limited category waits, the other goes");
        inFlight.add(session);
        assertEquals(
                TimeUnit.SECONDS.toNanos(10),
                picker.next(backlog, inFlight, clock.get()).waitNanos,
                "then it waits for the limit to end");
        advance(10_000);
        assertSame(error, picker.next(backlog, inFlight, clock.get()).entry);
    }

    @Test
    void pickerRescansAnIdleLaneOncePerInterval() {
        Picker picker = new Picker(LANE, Outbox.none(), retry, TimeUnit.SECONDS.toNanos(30), clock.get());
        Backlog empty = new Backlog(10, 1 << 20);
        Picker.Pick p = picker.next(empty, inFlight, clock.get());
        assertFalse(p.rescan);
        assertEquals(TimeUnit.SECONDS.toNanos(30), p.waitNanos);
        advance(30_000);
        assertTrue(picker.next(empty, inFlight, clock.get()).rescan);
        assertFalse(picker.next(empty, inFlight, clock.get()).rescan, "once: the next waits a whole interval again");
        picker.busyElsewhere("x", clock.get() + Lane.LOCK_BUSY_NANOS);
        assertEquals(
                Lane.LOCK_BUSY_NANOS,
                picker.next(empty, inFlight, clock.get()).waitNanos,
                "a file another process holds is looked at again soon");
    }

    @Test
    void outcomesCountAndSteerTheRetryState() {
        Accounting.Counters stats = new Accounting().counters("d");
        OutcomeHandler h = new OutcomeHandler("d", stats, retry, new Diagnostics(false), true);
        Payload p = payload("a", "error");

        assertEquals(OutcomeHandler.Step.KEEP, h.apply(Outcome.retry(503, -1, "down"), p, -1, false));
        assertEquals(1, stats.retried.sum());
        assertTrue(retry.backoffLeft(clock.get()) > 0);
        assertEquals(
                OutcomeHandler.Step.KEEP,
                h.apply(Outcome.retry(0, -1, "cut"), p, -1, true),
                "a request cut by close is no backend failure");
        assertEquals(1, stats.retried.sum());

        assertEquals(OutcomeHandler.Step.DONE, h.apply(Outcome.delivered(), p, -1, false));
        assertEquals(1, stats.sent.sum());
        assertFalse(retry.failing());

        assertEquals(
                OutcomeHandler.Step.KEEP,
                h.apply(Outcome.rateLimited(429, 5_000, Collections.<String>emptySet(), "slow"), p, -1, false));
        assertTrue(retry.blocked("anything", clock.get()));
        advance(5_000);
        assertFalse(retry.blocked("anything", clock.get()));

        assertEquals(
                OutcomeHandler.Step.DONE,
                h.apply(Outcome.rateLimited(200, 7_000, Collections.singleton("error"), "ok"), p, -1, false),
                "a 2xx with limits was accepted");
        assertEquals(2, stats.sent.sum());
        assertTrue(retry.blocked("error", clock.get()));

        assertEquals(OutcomeHandler.Step.DONE, h.apply(Outcome.delivered(), p, 2_000, false));
        assertTrue(retry.blocked("session", clock.get()), "quota headers pause everything");
        advance(7_000);
        assertFalse(retry.troubled(clock.get()));

        assertEquals(OutcomeHandler.Step.SHRINK, h.apply(Outcome.tooLarge(413, "big"), p, -1, false));
        h.tooLarge(p, Outcome.tooLarge(413, "big"));
        assertEquals(OutcomeHandler.Step.DONE, h.apply(Outcome.drop(400, "bad"), p, -1, false));
        assertEquals(1L, stats.droppedFor(DropReason.TOO_LARGE));
        assertEquals(1L, stats.droppedFor(DropReason.PERMANENT_ERROR));
    }

    @Test
    void theBacklogKeepsItsBoundsAndItsByteCountThroughAShrink() {
        Backlog b = new Backlog(2, 250);
        Backlog.Entry one = entry(1, "error");
        assertFalse(b.full(100));
        b.add(one);
        assertTrue(b.fullForAverage(), "room for two more of the average size is not there: 100 + 200 > 250");
        b.replace(one, new Payload("e1", "error", "x", new byte[10], 0));
        assertEquals(10, b.bytes());
        b.add(entry(2, "error"));
        assertTrue(b.full(0), "count bound");
        assertEquals(2, b.count());
        b.removeFirst();
        assertEquals(100, b.bytes());
        assertEquals(1, b.count());
    }

    @Test
    void withoutAnOutboxSpillingKeepsMemoryAndStoppingCountsWhatIsNotInFlight() {
        Accounting.Counters stats = new Accounting().counters("d");
        Spiller s = new Spiller(LANE, "d", Outbox.none(), stats, new Diagnostics(false));
        Backlog b = new Backlog(10, 1 << 20);
        Backlog.Entry sending = entry(1, "error");
        b.add(sending);
        b.add(entry(2, "error"));
        s.spill(b, inFlight);
        assertEquals(2, b.count(), "nothing moves: memory is all there is");
        inFlight.add(sending);
        s.spillAtStop(b, inFlight);
        assertTrue(b.isEmpty());
        assertEquals(1L, stats.droppedFor(DropReason.DISABLED), "the one in flight is left to its request");
        assertEquals(0, stats.spooled.sum());
    }

    @Test
    void spillingWritesInFlightEntriesBusySoTheyAreNotEvicted() throws Exception {
        Outbox outbox = Outbox.open(dir, 2, 1 << 20, new Diagnostics(false));
        Accounting.Counters stats = new Accounting().counters("d");
        Spiller s = new Spiller(LANE, "d", outbox, stats, new Diagnostics(false));
        Backlog b = new Backlog(10, 1 << 20);
        Backlog.Entry sending = entry(1, "error");
        b.add(sending);
        b.add(entry(2, "error"));
        inFlight.add(sending);
        s.spill(b, inFlight);
        assertTrue(b.isEmpty());
        assertEquals(2, stats.spooled.sum());
        assertTrue(outbox.isBusy(LANE, sending.file));
        outbox.write(LANE, 3, payload("e3", "error"), false);
        assertTrue(outbox.contains(LANE, sending.file), "the busy oldest file stays; the next oldest goes");
        assertEquals(2, outbox.count(LANE));
    }

    @Test
    void theIndexEvictsTheOldestFreeFileAcrossLanesAndForgetsOnlyWhatIsGone() {
        OutboxIndex index = new OutboxIndex(3, 1_000);
        assertTrue(index.add("b", "0002-x", 10, false).isEmpty());
        assertTrue(index.add("a", "0001-x", 10, true).isEmpty());
        assertTrue(index.add("a", "0003-x", 10, false).isEmpty());
        List<String[]> out = index.add("b", "0004-x", 10, false);
        assertEquals(1, out.size());
        assertEquals("b", out.get(0)[0], "the busy 0001 stays; 0002 of the other lane is the oldest free");
        assertEquals("0002-x", out.get(0)[1]);
        List<String[]> alone = index.add("a", "0005-x", 5_000, false);
        assertEquals("0005-x", alone.get(0)[1], "alone over the byte cap: it goes, nothing older is sacrificed");
        assertEquals(3, index.files());
        assertEquals(30, index.bytes());

        index.applyScan("a", Collections.singletonMap("0009-x", 10L), n -> !n.equals("0003-x"));
        assertTrue(index.contains("a", "0001-x"), "busy: kept");
        assertTrue(index.contains("a", "0003-x"), "still on disk (written after the listing): kept");
        assertTrue(index.contains("a", "0009-x"), "listed: added");
        index.applyScan("a", Collections.<String, Long>emptyMap(), n -> true);
        assertFalse(index.contains("a", "0003-x"), "gone from disk: forgotten");
        assertFalse(index.contains("a", "0009-x"));
        assertEquals(1, index.count("a"), "only the busy file is left");
        assertEquals(2, index.files(), "lane b's 0004 and the busy one");
    }
}
