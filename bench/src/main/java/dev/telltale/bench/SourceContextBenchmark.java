package dev.telltale.bench;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.processing.SourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sender-thread cost per event of source context ({@code source-roots}): an event of 3 exceptions
 * with 40 frames each, 10 of them in-app (source files of 300 lines in a directory root). Warm: the
 * files are cached (the steady state of a recurring error); cold: a fresh cache, every file read.
 * Never on the application's thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SourceContextBenchmark {

    @State(Scope.Benchmark)
    public static class Input {
        Event event;
        List<String> roots;
        SourceContext warm;
        SourceContext none;

        @Setup
        public void setUp() throws IOException {
            Path dir = Files.createTempDirectory("telltale-bench-sources-");
            dir.toFile().deleteOnExit();
            StringBuilder src = new StringBuilder();
            for (int i = 1; i <= 300; i++) {
                src.append("        int x")
                        .append(i)
                        .append(" = compute(order, ")
                        .append(i)
                        .append("); // some source text\n");
            }
            List<ExceptionInfo> xs = new ArrayList<>();
            for (int x = 0; x < 3; x++) {
                List<StackFrame> frames = new ArrayList<>();
                for (int f = 0; f < 40; f++) {
                    boolean app = f < 10;
                    String cls = app ? "com.shop.app.Service" + f : "org.lib.Framework" + f;
                    frames.add(new StackFrame(
                            cls, "call", (app ? "Service" + f : "Framework" + f) + ".java", 20 + f * 7, false, app));
                    if (app) {
                        Path file = dir.resolve("com/shop/app/Service" + f + ".java");
                        Files.createDirectories(file.getParent());
                        Files.write(file, src.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                xs.add(new ExceptionInfo(
                        x,
                        x - 1,
                        x == 0 ? ExceptionInfo.Relation.THROWN : ExceptionInfo.Relation.CAUSE,
                        "java.lang.IllegalStateException",
                        "boom " + x,
                        frames,
                        0,
                        -1));
            }
            event = Event.builder("0123456789abcdef0123456789abcdef")
                    .exceptions(xs)
                    .build();
            roots = Collections.singletonList(dir.toString());
            warm = new SourceContext(roots, false);
            warm.apply(event);
            none = new SourceContext(Collections.<String>emptyList(), false);
        }
    }

    @Benchmark
    public Event noRoots(Input in) {
        return in.none.apply(in.event);
    }

    @Benchmark
    public Event warmCache(Input in) {
        return in.warm.apply(in.event);
    }

    @Benchmark
    public Event coldCache(Input in) {
        return new SourceContext(in.roots, false).apply(in.event);
    }
}
