package dev.telltale.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A PrintStream that remembers what was printed, for asserting on Telltale's diagnostics. */
public final class Lines {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    public synchronized List<String> all() {
        stream.flush();
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(s.split("\\R")));
    }

    /** The lines that contain every one of {@code parts}. */
    public List<String> containing(String... parts) {
        return all().stream()
                .filter(l -> Arrays.stream(parts).allMatch(l::contains))
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return String.join("\n", all());
    }
}
