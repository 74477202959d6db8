package dev.telltale.bench;

import dev.telltale.bench.sdk.Reporter;
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

/**
 * (1) Caller-thread cost of capturing a handled exception (wrapper + 3 causes, 40 frames each),
 * each SDK delivering to the loopback sink. {@link #newChainOnly} is the cost of making the fresh
 * chain that every capture call also pays; subtract it for the SDK's own share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CaptureBenchmark {

    @State(Scope.Benchmark)
    public static class Sdk {
        @Param({"telltale", "sentry", "bugsnag"})
        public String sdk;

        LoopbackSink sink;
        Reporter reporter;

        @Setup(Level.Trial)
        public void start() throws IOException {
            sink = LoopbackSink.start();
            reporter = Reporter.start(sdk, sink.hostPort(), true);
        }

        @TearDown(Level.Trial)
        public void stop() {
            reporter.flush(2_000);
            reporter.close();
            System.out.println("sink received " + sink.events() + " events in " + sink.requests() + " requests");
            sink.close();
        }
    }

    @State(Scope.Thread)
    public static class Input {
        final Chains chains = new Chains();
    }

    @Benchmark
    public Object newChainOnly(Input in) {
        return in.chains.fresh();
    }

    @Benchmark
    public Object capture(Sdk s, Input in) {
        return s.reporter.capture(in.chains.fresh());
    }
}
