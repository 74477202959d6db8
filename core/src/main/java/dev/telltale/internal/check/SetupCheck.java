package dev.telltale.internal.check;

import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.HostName;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.processing.EventProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The programmatic {@code telltale test}: sends one canary event to each configured destination
 * and, where a read credential is configured for it, polls the backend's read API until the canary
 * is visible. Sends directly, not through the delivery pipeline, so the canary never lands in an
 * outbox; every request is bounded and the whole check ends by {@code timeoutMillis}.
 * Read credentials ({@link #READ_API_PROPERTY} / {@link #READ_API_ENV}) are never printed.
 */
public final class SetupCheck {
    public static final String READ_API_PROPERTY = "telltale.read-api";
    public static final String READ_API_ENV = "TELLTALE_READ_API";
    public static final long DEFAULT_TIMEOUT_MILLIS = 60_000L;

    private SetupCheck() {}

    /** The read credentials of this process: the system property, else the environment variable. */
    public static String readApiOfProcess() {
        String v = System.getProperty(READ_API_PROPERTY);
        if (v == null || v.trim().isEmpty()) {
            v = System.getenv(READ_API_ENV);
        }
        return v == null ? "" : v;
    }

    /** What the check found; {@link #lines()} is what {@code telltale test} prints. */
    public static final class Report {
        private final List<CheckResult> results;
        private final List<String> problems;
        private final String eventId;

        Report(List<CheckResult> results, List<String> problems, String eventId) {
            this.results = Collections.unmodifiableList(results);
            this.problems = Collections.unmodifiableList(problems);
            this.eventId = eventId;
        }

        public List<CheckResult> results() {
            return results;
        }

        /** Configuration problems (bad read-api entries, unusable destinations), one line each. */
        public List<String> problems() {
            return problems;
        }

        public String eventId() {
            return eventId;
        }

        /** True when there was at least one destination and none failed. */
        public boolean ok() {
            if (results.isEmpty()) {
                return false;
            }
            for (CheckResult r : results) {
                if (!r.ok()) {
                    return false;
                }
            }
            return true;
        }

        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add("canary event " + eventId);
            for (String p : problems) {
                out.add("problem: " + p);
            }
            if (results.isEmpty()) {
                out.add("no usable destination configured (set telltale.destinations or TELLTALE_DESTINATIONS)");
            }
            for (CheckResult r : results) {
                out.add(r.line());
            }
            return out;
        }
    }

    /**
     * Runs the check with {@code options} over the process's external configuration.
     *
     * @param readApi       comma-separated read-API URIs (may be empty: acceptance only)
     * @param timeoutMillis the longest the whole check may take
     */
    public static Report run(TelltaleOptions options, String readApi, long timeoutMillis) {
        return run(options, readApi, timeoutMillis, newEventId());
    }

    /** As {@link #run(TelltaleOptions, String, long)} with a given canary event id (tests). */
    static Report run(TelltaleOptions options, String readApi, long timeoutMillis, String eventId) {
        long deadline = System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L;
        List<String> problems = new ArrayList<>();
        TelltaleOptions withCanary = options.toBuilder()
                .set(ConfigKey.IN_APP_PACKAGES, Canary.class.getPackage().getName())
                .build();
        List<String> early = new ArrayList<>();
        ConfigResolver resolver = withCanary.externalConfig()
                ? ConfigResolver.forProcess(withCanary.values(), early)
                : new ConfigResolver(
                        withCanary.values(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap(),
                        Collections.<String, String>emptyMap());
        Settings settings = resolver.resolve(null, early);
        problems.addAll(settings.problems()); // the early ones included
        if (settings.destinationsDefaulted()) {
            problems.add("no destination configured: the canary goes to the embedded default ./"
                    + ConfigResolver.DEFAULT_EVENTS_DIR
                    + " (set telltale.destinations or TELLTALE_DESTINATIONS to check your backends)");
        }
        Collector diagnostics = new Collector();
        List<ReadApiUri> apis = ReadApiUri.parseAll(readApi, problems);

        Canary canary = new Canary(eventId, System.currentTimeMillis());
        List<Destination> destinations = settings.enabled()
                ? new DestinationRegistry().createAll(settings, diagnostics.diagnostics)
                : Collections.<Destination>emptyList();
        if (!settings.enabled()) {
            problems.add("telltale is disabled by configuration (enabled=false)");
        }
        problems.addAll(diagnostics.lines());
        Event event = build(settings, canary);
        int connect = (int) Math.min(settings.connectTimeoutMillis(), 5_000L);
        int read = (int) Math.min(settings.readTimeoutMillis(), 10_000L);

        List<DestinationCheck> checks = new ArrayList<>();
        for (Destination d : destinations) {
            ReadBack rb = null;
            try {
                rb = ReadApiMatch.forDestination(d.name(), apis);
            } catch (IllegalArgumentException e) {
                problems.add("read-api entry for " + d.name() + " skipped: " + e.getMessage());
            }
            checks.add(new DestinationCheck(d, rb, event, canary, new CheckHttp(connect, read, deadline)));
        }
        List<Thread> threads = new ArrayList<>();
        for (DestinationCheck c : checks) {
            Thread t = new Thread(c, "telltale-check[" + c.destination.name() + "]");
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            DestinationCheck c = checks.get(i);
            try {
                threads.get(i).join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L + 2_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.http.close();
            results.add(c.result());
        }
        return new Report(results, problems, canary.eventId);
    }

    private static Event build(Settings settings, Canary canary) {
        Map<String, String> tags = Collections.singletonMap("telltale.canary", canary.nonce);
        PendingEvent p = new PendingEvent(
                canary.eventId,
                canary.sentAt,
                Level.ERROR,
                Mechanism.MANUAL,
                canary.raise(),
                canary.message,
                canary.message,
                "",
                Thread.currentThread().getName(),
                tags,
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY);
        EventProcessor processor =
                new EventProcessor(settings, new HostName(settings.serverName()), new Diagnostics(false));
        return processor.process(p, (e, reason) -> {});
    }

    static String newEventId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(
                "%016x%016x",
                (r.nextLong() & 0xffffffffffff0fffL) | 0x4000L,
                (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
    }

    /** Collects the destinations' configuration problems instead of printing them. */
    private static final class Collector {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final Diagnostics diagnostics = new Diagnostics(false, new java.io.PrintStream(bytes, true));

        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String l : new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String t = l.trim();
                if (t.startsWith("telltale:")) {
                    t = t.substring("telltale:".length()).trim();
                }
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return out;
        }
    }
}
