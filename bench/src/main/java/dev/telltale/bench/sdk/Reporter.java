package dev.telltale.bench.sdk;

/** One SDK as the benchmarks drive it. One reporter per JVM (the SDKs keep global state). */
public interface Reporter extends AutoCloseable {
    /** Captures a handled exception on the caller's thread; returns what the SDK returned (kept alive by JMH). */
    Object capture(Throwable t);

    /** Adds a breadcrumb with a category and a message; false when the SDK has no breadcrumbs. */
    boolean breadcrumb(String category, String message);

    /** Waits (bounded) until what was captured has been handled, where the SDK offers that. */
    void flush(long millis);

    /** Events the SDK says it delivered, or -1 when it does not tell. */
    long reportedSent();

    /** Events the SDK says it dropped (locally), or -1 when it does not tell. */
    long reportedDropped();

    @Override
    void close();

    /** Starts the named SDK ({@code telltale}, {@code sentry}, {@code bugsnag}) delivering to {@code hostPort}. */
    static Reporter start(String sdk, String hostPort, boolean boundedQueue) {
        switch (sdk) {
            case "telltale":
                return TelltaleReporter.start(hostPort);
            case "sentry":
                return SentryReporter.start(hostPort);
            case "bugsnag":
                return BugsnagReporter.start(hostPort, boundedQueue);
            default:
                throw new IllegalArgumentException("unknown SDK '" + sdk + "' (telltale, sentry, bugsnag)");
        }
    }
}
