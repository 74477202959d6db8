package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Reentrancy;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lane's sender thread: asks the {@link Picker} what goes next (for a destination that batches,
 * the following payloads of the same category too), sends it outside the lane's monitor (one
 * request at a time per worker), and hands the outcome to the {@link OutcomeHandler}. It owns a
 * {@link LaneTransport} (which notes quota headers per request), so workers never share one.
 */
final class LaneWorker implements Runnable {
    /** One payload being sent: a memory entry, or an outbox file held by its claim. */
    private static final class Item {
        final Backlog.Entry entry;
        final String file;
        final OutboxClaim claim;
        final Payload payload;

        Item(Backlog.Entry entry, String file, OutboxClaim claim, Payload payload) {
            this.entry = entry;
            this.file = file;
            this.claim = claim;
            this.payload = payload;
        }
    }

    private final Lane lane;
    private final LaneTransport transport;

    LaneWorker(Lane lane, LaneTransport transport) {
        this.lane = lane;
        this.transport = transport;
    }

    @Override
    public void run() {
        Reentrancy.enter(); // nothing this thread does may be captured
        while (true) {
            List<Object> keys = new ArrayList<>();
            synchronized (lane) {
                if (lane.stopped) {
                    return;
                }
                long now = System.nanoTime();
                if (lane.inFlight.size() >= lane.allowedInFlight()) {
                    await(1_000); // woken when a request ends
                    continue;
                }
                Picker.Pick pick = lane.picker.next(lane.backlog, lane.inFlightKeys, now);
                if (pick.waitNanos > 0) {
                    await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(pick.waitNanos)));
                    continue;
                }
                if (pick.entry != null || pick.file != null) {
                    keys.add(pick.entry != null ? pick.entry : pick.file);
                    lane.inFlight.put(keys.get(0), now);
                    gatherBatch(keys, now);
                    lane.moreWorkersIfBehind();
                }
            }
            try {
                if (keys.isEmpty()) {
                    lane.outbox.rescan(lane.id);
                } else {
                    send(keys);
                }
            } catch (Throwable t) {
                lane.diagnostics.warn(lane.destination.name() + ": unexpected failure while sending: "
                        + t.getClass().getName());
                synchronized (lane) {
                    lane.retry.failed(-1);
                }
            } finally {
                synchronized (lane) {
                    for (Object k : keys) {
                        lane.inFlight.remove(k);
                    }
                    lane.notifyAll(); // a slot is free
                }
            }
        }
    }

    /** Waits on the lane's monitor (held); an interrupt is ignored: stop() wakes the worker, never interrupts it. */
    private void await(long millis) {
        try {
            lane.wait(millis);
        } catch (InterruptedException e) {
            // looked at again: the loop exits once the lane is stopped
        }
    }

    /**
     * For a destination that batches this category, and a healthy lane: takes the next payloads of
     * the same category as well, in send order, while their stored bodies fit the destination's
     * size limit. Holds the monitor.
     */
    private void gatherBatch(List<Object> keys, long now) {
        if (lane.retry.failing()) {
            return; // a probe after a failure is one payload
        }
        String category = categoryOf(keys.get(0));
        int max;
        try {
            max = lane.destination.maxBatch(category);
        } catch (RuntimeException | LinkageError e) {
            max = 1;
        }
        long budget = lane.destination.maxPayloadBytes();
        long used = sizeOf(keys.get(0));
        while (keys.size() < max) {
            Picker.Pick next = lane.picker.next(lane.backlog, lane.inFlightKeys, now);
            Object k = next.entry != null ? next.entry : next.file;
            if (k == null || !categoryOf(k).equals(category) || used + sizeOf(k) > budget) {
                return;
            }
            lane.inFlight.put(k, now);
            keys.add(k);
            used += sizeOf(k);
        }
    }

    private static String categoryOf(Object key) {
        return key instanceof Backlog.Entry
                ? Outbox.categoryKey(((Backlog.Entry) key).payload.category())
                : Outbox.categoryOf((String) key);
    }

    private long sizeOf(Object key) {
        return key instanceof Backlog.Entry
                ? ((Backlog.Entry) key).payload.size()
                : lane.outbox.sizeOf(lane.id, (String) key);
    }

    /** Loads what was picked (claiming files), sends it, and releases the claims. */
    private void send(List<Object> keys) {
        List<Item> items = new ArrayList<>();
        try {
            for (Object k : keys) {
                Item it = k instanceof Backlog.Entry
                        ? new Item((Backlog.Entry) k, null, null, ((Backlog.Entry) k).payload)
                        : load((String) k);
                if (it != null) {
                    items.add(it);
                }
            }
            if (!items.isEmpty()) {
                deliver(items);
            }
        } finally {
            for (Item it : items) {
                if (it.claim != null) {
                    lane.outbox.busy(lane.id, it.file, false);
                    it.claim.close();
                }
            }
        }
    }

    /** Claims and reads an outbox file; null (handled) when it is gone, held elsewhere or corrupt. */
    private Item load(String file) {
        Outbox outbox = lane.outbox;
        // Marked busy before claiming: eviction must not take (and count as dropped) a file that is
        // about to be sent, which would then be counted as sent as well.
        if (!outbox.reserve(lane.id, file)) {
            return null; // evicted meanwhile (and counted)
        }
        OutboxClaim claim;
        try {
            claim = outbox.claim(lane.id, file);
        } catch (NoSuchFileException gone) {
            outbox.busy(lane.id, file, false);
            outbox.forget(lane.id, file); // another process sent it (or evicted it) meanwhile
            return null;
        }
        if (claim == null) {
            outbox.busy(lane.id, file, false);
            synchronized (lane) {
                lane.picker.busyElsewhere(file, System.nanoTime() + Lane.LOCK_BUSY_NANOS);
            }
            return null;
        }
        String corrupt;
        try {
            return new Item(null, file, claim, OutboxCodec.decode(claim.read()));
        } catch (OutboxCodec.CorruptException e) {
            corrupt = e.getMessage();
        } catch (IOException e) {
            corrupt = "unreadable: " + e.getClass().getSimpleName();
        }
        outbox.moveAside(lane.id, file, corrupt);
        outbox.busy(lane.id, file, false);
        claim.close();
        return null;
    }

    /** Sends the items in one request (one item: as it is; a batch refused as too large: each half on its own). */
    private void deliver(List<Item> items) {
        if (items.size() > 1) {
            List<Item> live = new ArrayList<>();
            for (Item it : items) {
                if (expired(it.payload)) {
                    complete(it, OutcomeHandler.Step.DONE);
                } else {
                    live.add(it);
                }
            }
            items = live;
        }
        if (items.isEmpty()) {
            return;
        }
        if (items.size() == 1) {
            Item it = items.get(0);
            complete(it, attempt(it.payload, it.entry));
            return;
        }
        OutcomeHandler.Step step = attemptBatch(items);
        if (step == OutcomeHandler.Step.SHRINK) {
            int half = items.size() / 2;
            deliver(new ArrayList<>(items.subList(0, half)));
            deliver(new ArrayList<>(items.subList(half, items.size())));
            return;
        }
        for (Item it : items) {
            complete(it, step);
        }
    }

    private boolean expired(Payload p) {
        if (System.currentTimeMillis() - p.createdAt() <= lane.maxAgeMillis) {
            return false;
        }
        lane.stats.dropped(DropReason.EXPIRED);
        lane.diagnostics.debug(lane.destination.name() + ": gave up on " + p + " after retrying past max-retry-age-ms");
        return true;
    }

    /** What the outcome means for one item: a memory entry leaves memory or stays; a sent file is deleted. */
    private void complete(Item it, OutcomeHandler.Step r) {
        if (it.entry == null) {
            if (r == OutcomeHandler.Step.DONE) {
                lane.outbox.remove(lane.id, it.file); // deleted before the claim is released
                synchronized (lane) {
                    lane.progress++;
                }
            }
            return;
        }
        Backlog.Entry e = it.entry;
        synchronized (lane) {
            lane.inFlight.remove(e);
            if (e.file != null) {
                lane.outbox.busy(lane.id, e.file, false); // spilled while it was in flight
            }
            if (r == OutcomeHandler.Step.DONE) {
                lane.progress++;
                lane.backlog.remove(e);
                if (e.file != null) {
                    lane.outbox.remove(lane.id, e.file);
                }
                lane.notifyAll(); // room for a sender waiting in awaitRoom
            } else if (lane.stopped) {
                if (e.file == null) {
                    lane.stats.dropped(DropReason.DISABLED);
                }
            } else if (lane.retry.troubled(System.nanoTime())) {
                lane.spill();
            }
        }
    }

    /** One request carrying several payloads; counts the outcome for each. */
    private OutcomeHandler.Step attemptBatch(List<Item> items) {
        List<Payload> ps = new ArrayList<>();
        for (Item it : items) {
            ps.add(it.payload);
        }
        Outcome o;
        try {
            o = lane.destination.deliverBatch(ps, transport);
            if (o == null) {
                o = Outcome.drop(0, "destination returned no outcome");
            }
        } catch (IOException e) {
            o = Outcome.retry(0, -1, Lane.describe(e));
        } catch (RuntimeException | LinkageError e) {
            o = Outcome.drop(0, "destination failed: " + e.getClass().getName());
        }
        long headerLimit = transport.takeLimit();
        synchronized (lane) {
            return lane.outcomes.apply(o, ps, headerLimit, lane.stopped);
        }
    }

    /** One attempt; counts the outcome. @return DONE when the payload leaves the lane (sent or dropped) */
    private OutcomeHandler.Step attempt(Payload p, Backlog.Entry entry) {
        if (expired(p)) {
            return OutcomeHandler.Step.DONE;
        }
        Outcome o;
        try {
            o = lane.destination.deliver(p, transport);
            if (o == null) {
                o = Outcome.drop(0, "destination returned no outcome");
            }
        } catch (IOException e) {
            o = Outcome.retry(0, -1, Lane.describe(e));
        } catch (RuntimeException | LinkageError e) {
            o = Outcome.drop(0, "destination failed: " + e.getClass().getName());
        }
        long headerLimit = transport.takeLimit();
        OutcomeHandler.Step step;
        Event event = null;
        synchronized (lane) {
            step = lane.outcomes.apply(o, p, headerLimit, lane.stopped);
            if (step == OutcomeHandler.Step.SHRINK && entry != null && !entry.shrunk) {
                event = entry.event; // null once spilled: the outbox keeps bytes, not events
            }
        }
        if (step != OutcomeHandler.Step.SHRINK) {
            return step;
        }
        // 413: once per entry, re-encoded as small as it goes (outside the monitor: encoding takes time)
        Payload smaller = event != null ? lane.encoder.shrinkHard(event) : null;
        synchronized (lane) {
            if (smaller != null && smaller.size() < p.size() && !entry.shrunk) {
                entry.shrunk = true;
                lane.backlog.replace(entry, smaller);
                return OutcomeHandler.Step.KEEP;
            }
            lane.outcomes.tooLarge(p, o);
            return OutcomeHandler.Step.DONE;
        }
    }
}
