package dev.telltale.bench;

import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.bench.sdk.SentryReporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import io.sentry.SentryOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Caller-thread cost of a message event ({@code captureMessage}) from 60 frames deep, with and
 * without the caller's stack ({@code attach-stacktrace}; sentry-java's {@code attachStacktrace}),
 * each SDK delivering to the loopback sink. Telltale records the stack with one {@code new
 * Throwable()} and formats it on its sender thread; sentry-java builds its frames on the caller's.
 * {@link #newThrowableOnly} is the JVM's own price for recording a stack that deep.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MessageStackBenchmark {
    static final int DEPTH = 60;

    @State(Scope.Benchmark)
    public static class Sdk {
        @Param({"telltale", "telltale-nostack", "sentry", "sentry-nostack"})
        public String sdk;

        LoopbackSink sink;
        TelltaleClient telltale;

        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = LoopbackSink.start();
            boolean stack = !sdk.endsWith("-nostack");
            if (sdk.startsWith("telltale")) {
                telltale = TelltaleClient.start(TelltaleOptions.builder()
                        .destinations(String.format(TelltaleReporter.DESTINATION, sink.hostPort()))
                        .outboxDir(TelltaleReporter.freshOutbox())
                        .inAppPackages(Chains.APP_PACKAGE)
                        .externalConfig(false)
                        .uncaughtHandler(false)
                        .shutdownHook(false)
                        .attachStacktrace(stack)
                        .build());
            } else {
                SentryOptions o = SentryReporter.options(sink.hostPort());
                o.setAttachStacktrace(stack);
                Sentry.init(o);
            }
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() {
            if (telltale != null) {
                telltale.flush(2_000);
                telltale.close();
            } else {
                Sentry.flush(2_000);
                Sentry.close();
            }
            sink.close();
        }

        Object capture() {
            return telltale != null
                    ? telltale.captureMessage("Inventory low", Level.WARNING)
                    : Sentry.captureMessage("Inventory low", SentryLevel.WARNING);
        }
    }

    private static Object deep(Sdk s, int n) {
        return n <= 0 ? s.capture() : deep(s, n - 1);
    }

    private static Object deepThrowable(int n) {
        return n <= 0 ? new Throwable() : deepThrowable(n - 1);
    }

    @Benchmark
    public Object captureMessage(Sdk s) {
        return deep(s, DEPTH);
    }

    @Benchmark
    public Object newThrowableOnly() {
        return deepThrowable(DEPTH);
    }
}
