package dev.telltale.internal.delivery;

import dev.telltale.DropReason;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.internal.Diagnostics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a client's lanes over one outbox, one per distinct destination, and routes the outbox's drops to their counters. */
final class Lanes {
    private Lanes() {}

    static List<Lane> create(
            Settings settings,
            List<Destination> destinations,
            Outbox outbox,
            HttpTransport transport,
            Diagnostics diagnostics,
            final Accounting accounting) {
        Backoff backoff = new Backoff(settings.retryInitialBackoffMillis(), settings.retryMaxBackoffMillis());
        List<Lane> ls = new ArrayList<>();
        final Map<String, Accounting.Counters> byId = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Destination d : destinations) {
            if (!names.add(d.name())) {
                diagnostics.warn("destination " + d.name() + " is configured twice; using it once");
                continue;
            }
            Accounting.Counters stats = accounting.counters(d.name());
            Lane lane = new Lane(
                    d,
                    stats,
                    outbox,
                    diagnostics,
                    transport,
                    backoff,
                    settings.queueSize(),
                    settings.queueMaxBytes(),
                    settings.maxRetryAgeMillis(),
                    Lane.RESCAN_NANOS,
                    d.concurrentDelivery() ? settings.maxInFlight() : 1);
            stats.pendingGauge(lane::pending);
            byId.put(lane.id, stats);
            ls.add(lane);
        }
        outbox.listener(new Outbox.Listener() {
            @Override
            public void evicted(String laneId) {
                count(laneId, DropReason.OUTBOX_FULL);
            }

            @Override
            public void corrupt(String laneId) {
                count(laneId, DropReason.CORRUPT);
            }

            private void count(String laneId, DropReason reason) {
                Accounting.Counters stats = byId.get(laneId);
                if (stats != null) {
                    stats.dropped(reason);
                } else {
                    accounting.dropped(reason); // a lane of a destination this process does not use
                }
            }
        });
        return Collections.unmodifiableList(ls);
    }
}
