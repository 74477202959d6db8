package dev.telltale.integration;

import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.processing.InAppDetector;
import java.util.function.Function;

/**
 * What a framework's start-up listener does with Telltale (Spring Boot's, in telltale-servlet and
 * telltale-logback), free of the framework's types: lease the shared client from the framework's
 * configuration when the environment is ready, remember the application's context, report a failed
 * start, and release the lease when that context closes. Thread-safe; never throws from a lease it
 * does not hold.
 */
public final class ApplicationRun {
    /** Mechanism of the event for an application that failed to start. */
    public static final String FAILED_START_MECHANISM = "spring-boot";

    private final Diagnostics diagnostics;
    private SharedClient.Lease lease;
    private Object context;
    private Runnable beforeRelease;

    public ApplicationRun(Diagnostics diagnostics) {
        this.diagnostics = diagnostics == null ? new Diagnostics(false) : diagnostics;
    }

    /**
     * The framework's environment is ready: Telltale starts from it ({@code telltale.KEY} looked up
     * for every key), or the running client is used. The main class's package becomes in-app.
     *
     * @return the client when this call took the lease, null when it held one already
     */
    public synchronized TelltaleClient start(Function<String, String> config, Class<?> mainApplicationClass) {
        if (lease != null) {
            return null;
        }
        if (mainApplicationClass != null && mainApplicationClass.getPackage() != null) {
            InAppDetector.addApplicationPackage(
                    mainApplicationClass.getPackage().getName());
        }
        lease = SharedClient.acquire(SharedClient.options(config));
        String wanted = config.apply("telltale.destinations");
        TelltaleClient client = lease.client();
        if (!lease.startedHere()
                && client.isEnabled()
                && wanted != null
                && !wanted.trim().isEmpty()
                && !client.settings()
                        .destinations()
                        .toString()
                        .replace(" ", "")
                        .contains(wanted.trim().replace(" ", ""))) {
            // Started before the environment was ready: a TelltaleAppender in the Logback configuration, or code.
            diagnostics.warnOnce(
                    "spring-env-ignored",
                    "spring boot: Telltale was started before Spring's environment was"
                            + " ready (a TelltaleAppender in the Logback configuration, or Telltale.init); telltale.* from"
                            + " Spring's environment are not applied to it");
        }
        return client;
    }

    /** The application's own context: only its close ends the run (a child context's close does not). */
    public synchronized void prepared(Object applicationContext) {
        context = applicationContext;
    }

    /** A context closed. @return true when it was the application's and the run ended */
    public synchronized boolean closed(Object applicationContext) {
        if (applicationContext == null || applicationContext != context) {
            return false;
        }
        stop();
        return true;
    }

    /**
     * The application did not start: one fatal event (another listener's capture of the same
     * exception is a duplicate the core drops), then the run ends, while the client still runs.
     */
    public synchronized void failed(Throwable t) {
        if (lease != null && t != null) {
            lease.client()
                    .capture(Capture.exception(t)
                            .mechanism(FAILED_START_MECHANISM, false)
                            .level(Level.FATAL));
        }
        stop();
    }

    /** Runs once when the run ends, before the lease is released (e.g. an appender leaves Logback). */
    public synchronized void beforeRelease(Runnable action) {
        beforeRelease = action;
    }

    /** Ends the run: the action given to {@link #beforeRelease}, then the lease is released (the last user closes a client the integrations started). */
    public synchronized void stop() {
        SharedClient.Lease l = lease;
        Runnable r = beforeRelease;
        lease = null;
        context = null;
        beforeRelease = null;
        try {
            if (r != null) {
                r.run();
            }
        } finally {
            if (l != null) {
                l.release();
            }
        }
    }
}
