package dev.telltale.destination.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDestinationTest {
    @TempDir
    Path dir;

    private static FileDestination create(String uri) {
        return (FileDestination) new FileDestinationFactory().create(uri, TestEvents.settings());
    }

    @Test
    void uriFormsGiveTheDirectory() {
        assertEquals(
                Paths.get("telltale-events"), create("file:telltale-events").directory());
        assertEquals(Paths.get("/var/tmp/ev"), create("file:///var/tmp/ev").directory());
        assertEquals(Paths.get("./rel"), create("file://./rel").directory());
        assertEquals(Paths.get("/a/b"), create("file:/a/b?ignored=1").directory());
    }

    @Test
    void missingOrInvalidDirectoryIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("file:"));
        assertTrue(e.getMessage().contains("needs a directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> create("file:  "));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> create("file:a\u0000b"));
        assertTrue(bad.getMessage().contains("not a valid directory path"), bad.getMessage());
    }

    @Test
    void deliverWritesOneCompleteFileNamedByTimeAndIdCreatingTheDirectory() throws Exception {
        Path nested = dir.resolve("a/b");
        Destination d = new FileDestination(nested);
        Event e = TestEvents.rich();
        Payload p = d.encode(e);
        assertEquals(Payload.CATEGORY_ERROR, p.category());
        assertEquals(Outcome.delivered().kind(), d.deliver(p, null).kind());
        List<Path> files;
        try (Stream<Path> s = Files.list(nested)) {
            files = s.collect(Collectors.toList());
        }
        assertEquals(1, files.size(), files.toString());
        assertEquals(
                p.createdAt() + "-" + e.eventId() + ".json",
                files.get(0).getFileName().toString());
        Map<String, Object> json = JsonTree.object(Files.readAllBytes(files.get(0)));
        assertEquals(e.eventId(), json.get("eventId"));
    }

    @Test
    void messageEventIsTheDefaultCategory() throws Exception {
        assertEquals(
                Payload.CATEGORY_DEFAULT,
                new FileDestination(dir)
                        .encode(TestEvents.message("m", Level.INFO))
                        .category());
    }

    @Test
    void theSamePayloadTwiceIsOneFile() throws Exception {
        Destination d = new FileDestination(dir);
        Payload p = d.encode(TestEvents.message("m", Level.INFO));
        d.deliver(p, null);
        d.deliver(p, null);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void unwritableDirectoryIsAnIOExceptionForThePipeline() throws Exception {
        Path file = Files.write(dir.resolve("not-a-dir"), new byte[] {1});
        Destination d = new FileDestination(file.resolve("sub"));
        Payload p = d.encode(TestEvents.message("m", Level.INFO));
        assertThrows(java.io.IOException.class, () -> d.deliver(p, null));
    }
}
