package dev.telltale.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up and recursion in a JVM of their own: Logback configured by {@code logback.configurationFile}
 * as an application does, stderr and the event directory read back by the test.
 */
class ForkedJvmTest {
    @TempDir
    Path dir;

    @Test
    void emptyDestinationGivesOneDiagnosticAndFallsBackToExternalConfig() throws Exception {
        Path external = dir.resolve("external");
        Run run = run("empty-destinations.xml", "plain", "-Dtelltale.destinations=file:" + external);

        assertEquals(0, run.exit, run.toString());
        assertEquals(1, run.telltaleLines().size(), "one diagnostic: " + run);
        assertTrue(run.telltaleLines().get(0).contains("destinations"), run.toString());
        assertNoLogbackErrors(run);
        assertOneOrderEvent(external);
    }

    @Test
    void unresolvedDestinationFallsBackToTheEmbeddedDefault() throws Exception {
        Run run = run("unresolved-destinations.xml", "plain");

        assertEquals(0, run.exit, run.toString());
        assertEquals(1, run.telltaleLines().size(), "one diagnostic: " + run);
        assertTrue(run.telltaleLines().get(0).contains("telltale-events"), run.toString());
        assertNoLogbackErrors(run);
        assertOneOrderEvent(dir.resolve("telltale-events"));
        assertTrue(run.stdout.contains("telltaleEnabledAfterStop=false"), "stop() released the client: " + run);
    }

    @Test
    void telltaleDiagnosticsRoutedIntoLogbackDoNotLoop() throws Exception {
        Path events = dir.resolve("events");
        Run run = run("stderr-into-logback.xml", "stderr-into-logback", "-DEVENTS_DIR=" + events);

        assertEquals(0, run.exit, run.toString());
        assertTrue(run.stdout.contains("drained=true"), run.toString());
        assertTrue(run.stderr.contains("[bridged] telltale:"), "diagnostics did go through Logback: " + run);
        List<JsonNode> all = readEvents(events);
        assertTrue(all.size() < 10, "no loop: " + all.size() + " events");
        List<String> fromTelltale = new ArrayList<>();
        int orders = 0;
        for (JsonNode e : all) {
            if (e.path("message").asText().startsWith("telltale:")) {
                fromTelltale.add(e.path("message").asText());
            }
            if (e.path("logger").asText().equals("shop.Orders")) {
                orders++;
            }
        }
        assertEquals(List.of(), fromTelltale, "Telltale's own lines never become events");
        assertEquals(1, orders);
        long reentrant = Long.parseLong(run.stdout.replaceAll("(?s).*reentrant=(\\d+).*", "$1"));
        assertTrue(reentrant >= 1, "the bridged diagnostics were dropped and counted: " + run);
    }

    private static void assertNoLogbackErrors(Run run) {
        assertFalse(
                run.stdout.contains("ERROR in") || run.stderr.contains("ERROR in"),
                "Logback reported an error: " + run);
        assertFalse(
                run.stderr.contains("Exception") && !run.stderr.contains("[bridged]"),
                "no stack trace at start-up: " + run);
    }

    private static List<JsonNode> readEvents(Path eventsDir) throws IOException {
        assertTrue(Files.isDirectory(eventsDir), "no events directory " + eventsDir);
        List<Path> files;
        try (Stream<Path> s = Files.list(eventsDir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new ObjectMapper().readTree(f.toFile()));
        }
        return out;
    }

    private static void assertOneOrderEvent(Path eventsDir) throws IOException {
        List<JsonNode> events = readEvents(eventsDir);
        assertEquals(1, events.size(), "exactly one event: " + events);
        JsonNode e = events.get(0);
        assertEquals("Order {} failed", e.path("messageTemplate").asText());
        assertEquals("logback", e.path("mechanism").path("type").asText());
        assertEquals(
                "Cart 7 submitted", e.path("breadcrumbs").get(0).path("message").asText());
    }

    private Run run(String config, String mode, String... jvmArgs)
            throws IOException, InterruptedException, URISyntaxException {
        Path xml =
                Paths.get(ForkedJvmTest.class.getResource("/logback/" + config).toURI());
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dlogback.configurationFile=" + xml);
        cmd.add("-Dtelltale.outbox-dir=" + dir.resolve("outbox"));
        cmd.add("-Dtelltale.shutdown-timeout-ms=5000");
        cmd.addAll(List.of(jvmArgs));
        cmd.add(ForkedApp.class.getName());
        cmd.add(mode);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TELLTALE_") || k.startsWith("SENTRY_") || k.startsWith("BUGSNAG_"));
        File out = dir.resolve("stdout.txt").toFile();
        File err = dir.resolve("stderr.txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the forked application did not finish within 60 s (a loop?): "
                    + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private static final class Run {
        final int exit;
        final String stdout;
        final String stderr;

        Run(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        List<String> telltaleLines() {
            return stderr.lines().filter(l -> l.startsWith("telltale:")).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
