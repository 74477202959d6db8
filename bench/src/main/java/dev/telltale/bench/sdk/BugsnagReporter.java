package dev.telltale.bench.sdk;

import com.bugsnag.Bugsnag;
import com.bugsnag.delivery.AsyncHttpDelivery;
import com.bugsnag.delivery.Delivery;
import dev.telltale.bench.Chains;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * bugsnag-java with its defaults (asynchronous delivery on an unbounded queue), minus the uncaught
 * handler and automatic sessions. It has no breadcrumbs and no drop counter.
 */
public final class BugsnagReporter implements Reporter {
    /** A syntactically valid key; it only ever reaches the loopback sink. */
    static final String API_KEY = "0123456789abcdef0123456789abcdef";

    private final Bugsnag bugsnag;

    private BugsnagReporter(Bugsnag bugsnag) {
        this.bugsnag = bugsnag;
    }

    /**
     * @param boundedQueue give its delivery a queue of 1000 that discards when full (Telltale's
     *                     default bound). Used by the per-call benchmarks only: with its default
     *                     unbounded queue a tight capture loop piles up reports until the JVM runs
     *                     out of heap, which is what the storm benchmark shows instead.
     */
    public static Bugsnag client(String hostPort, boolean boundedQueue) {
        Bugsnag b = new Bugsnag(API_KEY, false);
        b.setEndpoints("http://" + hostPort + "/notify", "http://" + hostPort + "/sessions");
        b.setAutoCaptureSessions(false);
        b.setProjectPackages(Chains.APP_PACKAGE);
        if (boundedQueue) {
            Delivery d = b.getDelivery();
            if (d instanceof AsyncHttpDelivery) {
                ((AsyncHttpDelivery) d)
                        .setExecutorService(new ThreadPoolExecutor(
                                1,
                                1,
                                0,
                                TimeUnit.MILLISECONDS,
                                new ArrayBlockingQueue<>(1000),
                                r -> {
                                    Thread t = new Thread(r, "bugsnag-bounded-delivery");
                                    t.setDaemon(true);
                                    return t;
                                },
                                new ThreadPoolExecutor.DiscardPolicy()));
            } else {
                throw new IllegalStateException(
                        "unexpected BugSnag delivery " + d.getClass().getName());
            }
        }
        return b;
    }

    static BugsnagReporter start(String hostPort, boolean boundedQueue) {
        return new BugsnagReporter(client(hostPort, boundedQueue));
    }

    @Override
    public Object capture(Throwable t) {
        return bugsnag.notify(t);
    }

    @Override
    public boolean breadcrumb(String category, String message) {
        return false;
    }

    @Override
    public void flush(long millis) {
        // no flush in bugsnag-java: callers poll the sink instead
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
        bugsnag.close();
    }
}
