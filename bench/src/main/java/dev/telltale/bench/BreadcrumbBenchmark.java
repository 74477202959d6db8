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
 * (2) Adding a breadcrumb (category + message), including building it, as an application does.
 * bugsnag-java has no breadcrumbs, so it is not a parameter here. {@link #clockRead} is the
 * timestamp's cost alone (the same for both parameters).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class BreadcrumbBenchmark {
    @Param({"telltale", "sentry"})
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
        reporter.close();
        sink.close();
    }

    @Benchmark
    public boolean addBreadcrumb() {
        return reporter.breadcrumb("checkout", "cart submitted");
    }

    /**
     * The floor under any SDK's breadcrumb: one wall-clock read, which every breadcrumb needs for
     * its timestamp. On a VM whose clock source is slow to read (kvm-clock here) it is most of the
     * add; reported beside it so a ratio is read against what no SDK can avoid.
     */
    @Benchmark
    public long clockRead() {
        return System.currentTimeMillis();
    }
}
