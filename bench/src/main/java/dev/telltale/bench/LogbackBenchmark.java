package dev.telltale.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.bugsnag.Bugsnag;
import com.bugsnag.BugsnagAppender;
import dev.telltale.bench.sdk.BugsnagReporter;
import dev.telltale.bench.sdk.SentryReporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import dev.telltale.logback.TelltaleAppender;
import io.sentry.Sentry;
import io.sentry.logback.SentryAppender;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.LoggerFactory;

/**
 * (3) Logback: an INFO line (a breadcrumb for SDKs that keep them) and an ERROR line with an
 * exception (an event), against the same logger with no appender at all ({@code none}).
 *
 * <p>Telltale's appender gets the same destination as {@code TelltaleReporter}; bugsnag-java's
 * appender has no breadcrumbs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class LogbackBenchmark {
    @Param({"none", "telltale", "sentry", "bugsnag"})
    public String appender;

    LoopbackSink sink;
    Logger log;
    Appender<ILoggingEvent> attached;
    Bugsnag bugsnag;
    final Chains chains = new Chains();
    long cart;

    @Setup(Level.Trial)
    public void start() throws IOException {
        sink = LoopbackSink.start();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        log = ctx.getLogger(Chains.APP_PACKAGE + ".checkout.CheckoutService");
        attached = attach();
        if (attached != null) {
            attached.setContext(ctx);
            attached.start();
            root.addAppender(attached);
        }
    }

    private Appender<ILoggingEvent> attach() {
        switch (appender) {
            case "none":
                return null;
            case "sentry": {
                SentryAppender a = new SentryAppender();
                a.setOptions(SentryReporter.options(sink.hostPort()));
                a.setMinimumBreadcrumbLevel(ch.qos.logback.classic.Level.INFO);
                a.setMinimumEventLevel(ch.qos.logback.classic.Level.ERROR);
                return a;
            }
            case "bugsnag": {
                // bugsnag-java keeps no breadcrumbs: INFO lines are filtered out, ERROR lines notify.
                bugsnag = BugsnagReporter.client(sink.hostPort(), true);
                BugsnagAppender a = new BugsnagAppender(bugsnag);
                ThresholdFilter errors = new ThresholdFilter();
                errors.setLevel("ERROR");
                errors.start();
                a.addFilter(errors);
                return a;
            }
            case "telltale": {
                TelltaleAppender a = new TelltaleAppender();
                a.setDestinations(String.format(TelltaleReporter.DESTINATION, sink.hostPort()));
                a.setOutboxDir(TelltaleReporter.freshOutbox());
                a.setInAppPackages(Chains.APP_PACKAGE);
                a.setUncaughtHandler("false");
                a.setShutdownHook("false");
                a.setMinimumBreadcrumbLevel("INFO");
                a.setMinimumEventLevel("ERROR");
                return a;
            }
            default:
                throw new IllegalArgumentException("unknown appender '" + appender + "'");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (attached != null) {
            attached.stop();
        }
        if ("sentry".equals(appender)) {
            Sentry.close();
        }
        if (bugsnag != null) {
            bugsnag.close();
        }
        System.out.println("sink received " + sink.events() + " events");
        sink.close();
    }

    @Benchmark
    public void infoLine() {
        log.info("cart {} submitted with {} items", ++cart, 3);
    }

    @Benchmark
    public void errorLine() {
        log.error("payment failed for cart {}", ++cart, chains.fresh());
    }
}
