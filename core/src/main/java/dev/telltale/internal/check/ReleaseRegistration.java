package dev.telltale.internal.check;

import dev.telltale.config.Settings;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the configured {@code release} at start-up with each backend that has a releases API
 * and a management credential in {@code read-api}: Bugsink ({@code POST /api/canonical/0/releases/})
 * and Sentry ({@code POST /api/0/organizations/ORG/releases/}). BugSnag's Data Access API creates no
 * releases (BugSnag learns them from the events' {@code app.version}); Bugnet and the bug-report API
 * have none. Runs once on a daemon thread, never on the caller's; each backend is asked once per
 * release (a marker under {@code <outbox-dir>/.releases/} remembers it across starts); a failure is
 * one diagnostic line. Bounded: {@link #TIMEOUT_MILLIS} overall, cut at {@link #close()}.
 */
public final class ReleaseRegistration implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 30_000L;
    static final String MARKER_DIR = ".releases";

    private final Thread thread;
    private final CheckHttp http;

    private ReleaseRegistration(Thread thread, CheckHttp http) {
        this.thread = thread;
        this.http = http;
    }

    /** Starts registering, or returns null when there is no release or no management credential. */
    public static ReleaseRegistration start(
            Settings settings, List<String> destinationNames, String readApi, Diagnostics diagnostics) {
        String release = settings.release();
        if (release == null
                || release.trim().isEmpty()
                || readApi == null
                || readApi.trim().isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        List<ReadApiUri> apis = ReadApiUri.parseAll(readApi, problems);
        for (String p : problems) {
            diagnostics.warn(p);
        }
        final List<Registrar> todo = new ArrayList<>();
        for (String name : destinationNames) {
            try {
                ReadBack rb = ReadApiMatch.forDestination(name, apis);
                if (rb instanceof BugsinkReadBack) {
                    todo.add(new Registrar(rb, ((BugsinkReadBack) rb).releaseKey()));
                } else if (rb instanceof SentryReadBack) {
                    todo.add(new Registrar(rb, ((SentryReadBack) rb).releaseKey()));
                }
            } catch (IllegalArgumentException e) {
                diagnostics.warn("release not registered for " + name + ": " + e.getMessage());
            }
        }
        if (todo.isEmpty()) {
            return null;
        }
        final CheckHttp http = new CheckHttp(
                (int) Math.min(settings.connectTimeoutMillis(), 5_000L),
                (int) Math.min(settings.readTimeoutMillis(), 10_000L),
                System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L);
        final Path markers =
                settings.outboxDir() == null ? null : settings.outboxDir().resolve(MARKER_DIR);
        Thread t = new Thread(
                () -> {
                    try {
                        for (Registrar r : todo) {
                            r.register(release.trim(), http, markers, diagnostics);
                        }
                    } finally {
                        http.close();
                    }
                },
                "telltale-release");
        t.setDaemon(true);
        t.start();
        return new ReleaseRegistration(t, http);
    }

    /** Cuts a registration in flight and waits (briefly) for the thread to end. */
    @Override
    public void close() {
        http.close();
        try {
            thread.join(1_000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the registrations to finish (tests). */
    boolean await(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** One backend's registration. */
    private static final class Registrar {
        private final ReadBack api;
        private final String key;

        Registrar(ReadBack api, String key) {
            this.api = api;
            this.key = key;
        }

        void register(String release, CheckHttp http, Path markers, Diagnostics diagnostics) {
            Path marker = markers == null ? null : markers.resolve(OutboxView.laneId(key + "|" + release));
            if (marker != null && Files.exists(marker)) {
                diagnostics.debug("release " + release + " already registered with " + api.describe());
                return;
            }
            try {
                String outcome = api instanceof BugsinkReadBack
                        ? ((BugsinkReadBack) api).registerRelease(release, http)
                        : ((SentryReadBack) api).registerRelease(release, http);
                diagnostics.debug("release " + release + " " + outcome + " with " + api.describe());
                if (marker != null) {
                    try {
                        Files.createDirectories(markers);
                        Files.write(marker, (api.describe() + " " + release + "\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException e) {
                        diagnostics.debug(
                                "release marker not written: " + e.getClass().getSimpleName());
                    }
                }
            } catch (ReadFailure f) {
                diagnostics.warn(
                        "release " + release + " not registered with " + api.describe() + ": " + f.getMessage());
            } catch (IOException | RuntimeException e) {
                diagnostics.warn("release " + release + " not registered with " + api.describe() + ": "
                        + e.getClass().getSimpleName());
            }
        }
    }
}
