package dev.telltale.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.testkit.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spring-free part of Spring Boot's listeners: a lease from the framework's configuration, ended by its own context. */
class ApplicationRunTest {
    @TempDir
    Path dir;

    @AfterEach
    void closeFacade() {
        Telltale.close();
    }

    /** What a framework's environment holds: {@code telltale.*} keys. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("telltale.destinations", "file:" + dir.resolve("events"));
        env.put("telltale.outbox-dir", dir.resolve("outbox").toString());
        env.put("telltale.uncaught-handler", "false");
        env.put("telltale.shutdown-hook", "false");
        env.put("telltale.release", "shop@2");
        return env;
    }

    @Test
    void startsFromTheFrameworksConfigurationAndEndsWithItsOwnContextOnly() {
        ApplicationRun run = new ApplicationRun(null);
        TelltaleClient client = run.start(environment()::get, ApplicationRunTest.class);
        assertNotNull(client);
        assertTrue(client.isEnabled());
        assertEquals("shop@2", client.settings().release());
        assertNull(
                run.start(environment()::get, ApplicationRunTest.class), "a second environment event starts nothing");

        Object context = new Object();
        run.prepared(context);
        assertFalse(run.closed(new Object()), "a child context's close");
        assertTrue(client.isEnabled());
        assertTrue(run.closed(context));
        assertFalse(client.isEnabled(), "the last lease closed the client the run started");
    }

    @Test
    void aFailedStartIsOneFatalEventAndTheActionBeforeReleaseRunsWhileTheClientStillRuns() throws IOException {
        ApplicationRun run = new ApplicationRun(null);
        TelltaleClient client = run.start(environment()::get, null);
        List<Boolean> enabledAtRelease = new ArrayList<>();
        run.beforeRelease(() -> enabledAtRelease.add(client.isEnabled()));
        run.failed(new IllegalStateException("port 8080 in use"));
        assertEquals(List.of(true), enabledAtRelease);
        assertFalse(client.isEnabled(), "the run ended: the client it started is closed, its events delivered");

        Path events = dir.resolve("events");
        assertTrue(Poll.until(10_000, () -> count(events) == 1), "one event");
        String event = read(events);
        assertTrue(
                event.contains("port 8080 in use") && event.contains("\"spring-boot\"") && event.contains("fatal"),
                event);
        run.stop(); // ended already: nothing more happens
        assertEquals(List.of(true), enabledAtRelease);
    }

    private static long count(Path d) {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith("."))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> {
                        try {
                            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }
}
