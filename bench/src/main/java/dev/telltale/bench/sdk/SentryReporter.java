package dev.telltale.bench.sdk;

import dev.telltale.bench.Chains;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryOptions;

/**
 * sentry-java with its defaults (queue of 30 envelopes, deduplication, client reports), minus the
 * JVM-wide hooks a benchmark must not install. Its drops are reported to the server in client
 * reports, which the sink counts; there is no local counter to read.
 */
public final class SentryReporter implements Reporter {
    private SentryReporter() {}

    /** The options every Sentry benchmark uses (also handed to Sentry's Logback appender). */
    public static SentryOptions options(String hostPort) {
        SentryOptions o = new SentryOptions();
        o.setDsn("http://benchkey@" + hostPort + "/1");
        o.addInAppInclude(Chains.APP_PACKAGE);
        o.setEnableUncaughtExceptionHandler(false);
        o.setEnableShutdownHook(false);
        return o;
    }

    static SentryReporter start(String hostPort) {
        Sentry.init(options(hostPort));
        return new SentryReporter();
    }

    @Override
    public Object capture(Throwable t) {
        return Sentry.captureException(t);
    }

    @Override
    public boolean breadcrumb(String category, String message) {
        Breadcrumb b = new Breadcrumb();
        b.setCategory(category);
        b.setMessage(message);
        Sentry.addBreadcrumb(b);
        return true;
    }

    @Override
    public void flush(long millis) {
        Sentry.flush(millis);
    }

    @Override
    public long reportedSent() {
        return -1;
    }

    @Override
    public long reportedDropped() {
        return -1;
    }

    @Override
    public void close() {
        Sentry.close();
    }
}
