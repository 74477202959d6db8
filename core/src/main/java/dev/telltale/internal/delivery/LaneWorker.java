package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.Event;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Reentrancy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeUnit;

/**
 * A lane's sender thread: asks the {@link Picker} what goes next, sends it outside the lane's monitor
 * (one request at a time per worker), and hands the outcome to the {@link OutcomeHandler}. It owns a
 * {@link LaneTransport} (which notes quota headers per request), so workers never share one.
 */
final class LaneWorker implements Runnable {
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
            Picker.Pick pick;
            synchronized (lane) {
                if (lane.stopped) {
                    return;
                }
                long now = System.nanoTime();
                pick = lane.picker.next(lane.backlog, lane.inFlightKeys, now);
                if (pick.waitNanos > 0) {
                    try {
                        lane.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(pick.waitNanos)));
                    } catch (InterruptedException e) {
                        if (lane.stopped) {
                            return;
                        }
                    }
                    continue;
                }
                if (pick.entry != null) {
                    lane.inFlight.put(pick.entry, now);
                } else if (pick.file != null) {
                    lane.inFlight.put(pick.file, now);
                }
            }
            try {
                if (pick.entry != null) {
                    sendFromMemory(pick.entry);
                } else if (pick.file != null) {
                    sendFromOutbox(pick.file);
                } else {
                    lane.outbox.rescan(lane.id);
                }
            } catch (Throwable t) {
                lane.diagnostics.warn(lane.destination.name() + ": unexpected failure while sending: " + t.getClass().getName());
                synchronized (lane) {
                    lane.retry.failed(-1);
                }
            } finally {
                synchronized (lane) {
                    if (pick.entry != null || pick.file != null) {
                        lane.inFlight.remove(pick.entry != null ? pick.entry : pick.file);
                    }
                }
            }
        }
    }

    private void sendFromMemory(Backlog.Entry e) {
        OutcomeHandler.Step r = attempt(e.payload, e);
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

    private void sendFromOutbox(String file) {
        Outbox outbox = lane.outbox;
        // Marked busy before claiming: eviction must not take (and count as dropped) a file that is
        // about to be sent, which would then be counted as sent as well.
        if (!outbox.reserve(lane.id, file)) {
            return; // evicted meanwhile (and counted)
        }
        OutboxClaim claim;
        try {
            claim = outbox.claim(lane.id, file);
        } catch (NoSuchFileException gone) {
            outbox.busy(lane.id, file, false);
            outbox.forget(lane.id, file); // another process sent it (or evicted it) meanwhile
            return;
        }
        if (claim == null) {
            outbox.busy(lane.id, file, false);
            synchronized (lane) {
                lane.picker.busyElsewhere(file, System.nanoTime() + Lane.LOCK_BUSY_NANOS);
            }
            return;
        }
        try {
            Payload p;
            try {
                p = OutboxCodec.decode(claim.read());
            } catch (OutboxCodec.CorruptException e) {
                outbox.moveAside(lane.id, file, e.getMessage());
                return;
            } catch (IOException e) {
                outbox.moveAside(lane.id, file, "unreadable: " + e.getClass().getSimpleName());
                return;
            }
            if (attempt(p, null) == OutcomeHandler.Step.DONE) {
                outbox.remove(lane.id, file); // deleted before the claim is released
                synchronized (lane) {
                    lane.progress++;
                }
            }
        } finally {
            outbox.busy(lane.id, file, false);
            claim.close();
        }
    }

    /** One attempt; counts the outcome. @return DONE when the payload leaves the lane (sent or dropped) */
    private OutcomeHandler.Step attempt(Payload p, Backlog.Entry entry) {
        if (System.currentTimeMillis() - p.createdAt() > lane.maxAgeMillis) {
            lane.stats.dropped(DropReason.EXPIRED);
            lane.diagnostics.debug(lane.destination.name() + ": gave up on " + p + " after retrying past max-retry-age-ms");
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
