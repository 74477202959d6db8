package dev.telltale;

import static dev.telltale.testkit.JsonTree.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message events carry the stack of their caller, taken on its thread; the file format people read. */
class CallerStackTest {
    @TempDir
    Path dir;

    @Test
    void aMessageEventCarriesItsCallersStackWithoutTelltalesFrames() throws Exception {
        try (ClientTestSupport s = new ClientTestSupport(dir)) {
            TelltaleClient c = s.start();
            String id = c.captureMessage("Inventory low", Level.WARNING);
            assertTrue(c.flush(10_000));
            Map<String, Object> e = s.event(id);
            List<?> frames = (List<?>) e.get("threadFrames");
            assertEquals(CallerStackTest.class.getName(), at(frames, 0, "class"));
            assertEquals("aMessageEventCarriesItsCallersStackWithoutTelltalesFrames", at(frames, 0, "method"));
            for (Object f : frames) {
                String cls = (String) at(f, "class");
                assertFalse(
                        cls.equals(TelltaleClient.class.getName()) || cls.startsWith("dev.telltale.internal."), cls);
            }
            assertEquals(Thread.currentThread().getId(), ((Number) e.get("threadId")).longValue());
        }
    }

    @Test
    void attachStacktraceOffLeavesMessagesWithoutAStack() throws Exception {
        try (ClientTestSupport s = new ClientTestSupport(dir)) {
            TelltaleClient c = s.start(b -> b.attachStacktrace(false));
            String id = c.captureMessage("quiet", Level.INFO);
            assertTrue(c.flush(10_000));
            assertNull(s.event(id).get("threadFrames"));
        }
    }

    @Test
    void anEventFromAnotherThreadOrWithAnExceptionTakesNoCallerStack() throws Exception {
        try (ClientTestSupport s = new ClientTestSupport(dir)) {
            TelltaleClient c = s.start();
            String other = c.capture(
                    Capture.message("from an async appender", Level.ERROR).threadName("AsyncAppender-Worker"));
            String ex = c.captureException(new IllegalStateException("x"));
            assertTrue(c.flush(10_000));
            assertNull(s.event(other).get("threadFrames"), "its caller is not where the line was logged");
            assertEquals("AsyncAppender-Worker", s.event(other).get("thread"));
            assertNull(s.event(ex).get("threadFrames"), "the exception has its own frames");
        }
    }

    @Test
    void eventFilesAreIndentedForPeopleAndLeaveOutEmptyParts() throws Exception {
        try (ClientTestSupport s = new ClientTestSupport(dir)) {
            TelltaleClient c = s.start();
            String id = c.captureMessage("hello", Level.INFO);
            assertTrue(c.flush(10_000));
            Path file = s.files().get(0);
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\n  \"eventId\": \"" + id + "\",\n"), text);
            assertTrue(text.contains("\n  \"threadFrames\": [\n    {\n      \"class\": "), text);
            assertFalse(text.contains("\"extra\""), "no empty extra");
            assertFalse(text.contains("\"contexts\""), "no empty contexts");
            assertFalse(text.contains("\"tags\""), "no empty tags");
            assertEquals(id, s.event(id).get("eventId"), "still one JSON document");
        }
    }
}
