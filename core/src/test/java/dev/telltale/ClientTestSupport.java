package dev.telltale;

import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.Lines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starts clients on a file destination in a temporary directory, with diagnostics captured. */
final class ClientTestSupport implements AutoCloseable {
    final Path dir;
    final Lines diagnostics = new Lines();
    private final List<TelltaleClient> started = new ArrayList<>();

    ClientTestSupport(Path dir) {
        this.dir = dir;
    }

    /** Options isolated from this machine: no external config, no JVM-wide hooks unless asked for. */
    TelltaleOptions.Builder options() {
        return TelltaleOptions.builder()
                .externalConfig(false)
                .destinations("file:" + dir)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .serverName("test-host")
                .release("shop@1.0")
                .environment("test")
                .shutdownTimeoutMillis(5_000);
    }

    TelltaleClient start(UnaryOperator<TelltaleOptions.Builder> change) {
        TelltaleClient c = TelltaleClient.start(change.apply(options()).build(), diagnostics.stream());
        started.add(c);
        return c;
    }

    TelltaleClient start() {
        return start(b -> b);
    }

    /** Event files written so far (never temp files), by name. */
    List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    List<Path> tempFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).collect(Collectors.toList());
        }
    }

    /** The parsed event with this id; fails when there is not exactly one file for it. */
    Map<String, Object> event(String id) throws IOException {
        List<Path> match = files().stream()
                .filter(p -> p.getFileName().toString().endsWith("-" + id + ".json"))
                .collect(Collectors.toList());
        if (match.size() != 1) {
            throw new AssertionError("expected one file for " + id + ", found " + match + " among " + files());
        }
        return JsonTree.object(Files.readAllBytes(match.get(0)));
    }

    List<Map<String, Object>> events() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path p : files()) {
            out.add(JsonTree.object(Files.readAllBytes(p)));
        }
        return out;
    }

    @Override
    public void close() {
        for (TelltaleClient c : started) {
            c.close();
        }
    }
}
