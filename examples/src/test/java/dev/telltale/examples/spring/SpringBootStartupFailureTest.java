package dev.telltale.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.broken.BrokenApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.Telltale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/**
 * A Spring Boot application (Boot 3.5, in this JVM) that fails to start: Boot announces the failure
 * before it logs it and closes the context, so the auto-configuration reports it then, once, as a
 * fatal event, and closes the client it started (Boot's "Application run failed" ERROR line after
 * it adds nothing).
 */
class SpringBootStartupFailureTest {
    @TempDir
    Path dir;

    @Test
    void aFailedStartIsOneFatalEventAndTheClientIsClosedAfterwards() throws IOException {
        Path events = dir.resolve("events");
        SpringApplication app = new SpringApplication(BrokenApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        assertThrows(
                RuntimeException.class,
                () -> app.run(
                        "--telltale.destinations=file:" + events,
                        "--telltale.outbox-dir=" + dir.resolve("outbox"),
                        "--telltale.shutdown-hook=false",
                        "--telltale.uncaught-handler=false",
                        "--spring.main.banner-mode=off"));
        assertFalse(
                Telltale.isEnabled(),
                "the client the auto-configuration started is closed with the failed application");

        List<JsonNode> got = read(events); // close() delivered what was captured: no wait needed
        assertEquals(1, got.size(), got.toString());
        JsonNode e = got.get(0);
        assertEquals("fatal", e.path("level").asText());
        assertEquals("spring-boot", e.path("mechanism").path("type").asText());
        assertTrue(e.path("exceptions").toString().contains("database migration V7 failed"), e.toString());
    }

    private static List<JsonNode> read(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".json")
                            && !f.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList())) {
                out.add(json.readTree(f.toFile()));
            }
        }
        return out;
    }
}
