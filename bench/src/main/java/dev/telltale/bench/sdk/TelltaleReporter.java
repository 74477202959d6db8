package dev.telltale.bench.sdk;

import dev.telltale.Breadcrumb;
import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.bench.Chains;

/** Telltale with its defaults, minus the JVM-wide hooks a benchmark must not install. */
public final class TelltaleReporter implements Reporter {
    /**
     * Where Telltale delivers ({@code %s} = {@code 127.0.0.1:PORT}). Until core ships its Sentry
     * destination this is the bench-local one (Telltale's own JSON, gzipped, one POST per event).
     * When it lands, switch Telltale to the real wire format with this one line:
     * {@code "http://benchkey@%s/1"} (the sink already counts events in Sentry envelopes).
     */
    public static final String DESTINATION = "benchhttp+http://%s/telltale";

    private final TelltaleClient client;

    private TelltaleReporter(TelltaleClient client) {
        this.client = client;
    }

    static TelltaleReporter start(String hostPort) {
        return new TelltaleReporter(TelltaleClient.start(TelltaleOptions.builder()
                .destinations(String.format(DESTINATION, hostPort))
                .inAppPackages(Chains.APP_PACKAGE)
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .build()));
    }

    public TelltaleClient client() {
        return client;
    }

    @Override
    public Object capture(Throwable t) {
        return client.captureException(t);
    }

    @Override
    public boolean breadcrumb(String category, String message) {
        client.addBreadcrumb(Breadcrumb.of(category, message));
        return true;
    }

    @Override
    public void flush(long millis) {
        client.flush(millis);
    }

    @Override
    public long reportedSent() {
        long n = 0;
        for (TelltaleStats.DestinationStats d : client.stats().destinations()) {
            n += d.sent();
        }
        return n;
    }

    @Override
    public long reportedDropped() {
        TelltaleStats s = client.stats();
        long n = 0;
        for (DropReason r : DropReason.values()) {
            if (r != DropReason.DUPLICATE) { // a duplicate is not a lost event
                n += s.dropped(r);
            }
        }
        for (TelltaleStats.DestinationStats d : s.destinations()) {
            n += d.droppedTotal();
        }
        return n;
    }

    /** The client's own statistics line, for the report. */
    public String stats() {
        return client.stats().toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
