package dev.telltale.bench.sdk;

import dev.telltale.Breadcrumb;
import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.bench.Chains;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Telltale with its defaults, minus the JVM-wide hooks a benchmark must not install. */
public final class TelltaleReporter implements Reporter {
    /**
     * Where Telltale delivers ({@code %s} = {@code 127.0.0.1:PORT}): core's Sentry destination, the
     * same wire format (envelopes) as sentry-java. Before that destination landed this was the
     * bench-local {@code "benchhttp+http://%s/telltale"} (Telltale's own JSON, one POST per event),
     * which still works for comparing pipelines without a backend format.
     */
    public static final String DESTINATION = "http://benchkey@%s/1";

    private final TelltaleClient client;

    private TelltaleReporter(TelltaleClient client) {
        this.client = client;
    }

    /**
     * {@code -Dbench.storm-per-group=N} sets Telltale's storm policy: the throughput benchmarks run
     * with it off (0), since every bench event is one error group and the policy would drop most of
     * a flood by design; the flood benchmark runs it both ways.
     */
    static TelltaleReporter start(String hostPort) {
        TelltaleOptions.Builder b = TelltaleOptions.builder()
                .destinations(String.format(DESTINATION, hostPort))
                .outboxDir(freshOutbox())
                .inAppPackages(Chains.APP_PACKAGE)
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false);
        String storm = System.getProperty("bench.storm-per-group");
        if (storm != null) {
            b.set("storm-per-group", storm);
        }
        return new TelltaleReporter(TelltaleClient.start(b.build()));
    }

    /**
     * A new, empty outbox per JVM: the default one is per application and would carry events from
     * an earlier run (the storm with its sink down) into the next one's counts.
     */
    public static String freshOutbox() {
        try {
            Path dir = Files.createTempDirectory("telltale-bench-outbox-");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
