package dev.telltale.destination.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.Event;
import dev.telltale.destination.Payload;
import dev.telltale.testkit.BugsinkView;
import dev.telltale.testkit.PetClinic;
import dev.telltale.testkit.TestEvents;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryThread;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads produced Sentry events the way Bugsink and Sentry display them (title, exception order,
 * threads with frames, culprit), after the schema and the official SDK's parser accepted them.
 * The printed views are what the fidelity note compares before/after.
 */
class BackendRenderingTest {
    private static final SentryDestination SENTRY = (SentryDestination) new SentryDestinationFactory()
            .create("http://0123456789abcdef0123456789abcdef@127.0.0.1:1/7", TestEvents.settings());

    static JsonNode wire(Event e) throws Exception {
        Payload p = SENTRY.encode(e);
        byte[] item = SentryWire.split(p.body()).item;
        SentryWire.assertValid(item, e.title());
        SentryWire.Parsed parsed = SentryWire.parseWithSdk(p.body());
        assertTrue(parsed.errors.isEmpty(), "the official SDK complained: " + parsed.errors);
        return SentryWire.MAPPER.readTree(item);
    }

    @Test
    void aWrappedControllerErrorIsTitledAndGroupedByTheControllersException() throws Exception {
        Event e = PetClinic.crash();
        JsonNode json = wire(e);
        BugsinkView view = new BugsinkView(json);
        System.out.println("--- PetClinic crash as Bugsink shows it\n" + view.title() + "\n" + view.stacktraceTab());

        assertEquals("RuntimeException: " + PetClinic.CAUSE, view.title());
        assertEquals("org.springframework.samples.petclinic.system.CrashController.triggerException", view.culprit());
        // the wrapper is not a value of its own, but said where it came from
        List<JsonNode> values = valuesOf(json);
        assertEquals(1, values.size(), "the servlet wrapper adds nothing to display or group by");
        JsonNode main = view.mainException();
        assertTrue(
                main.path("mechanism")
                        .path("data")
                        .path("wrapped_by")
                        .get(0)
                        .asText()
                        .startsWith("jakarta.servlet.ServletException: Request processing failed: "),
                main.toString());
        assertFalse(main.path("mechanism").path("handled").asBoolean(true));
        // the crashed thread: named, with its id, and the main exception points at it
        JsonNode thread = json.path("threads").path("values").get(0);
        assertEquals("http-nio-8080-exec-1", thread.path("name").asText());
        assertEquals(42, thread.path("id").asInt());
        assertTrue(thread.path("crashed").asBoolean());
        assertEquals(42, main.path("thread_id").asInt());
        assertEquals(
                "http-nio-8080-exec-1",
                json.path("contexts").path("thread").path("name").asText(),
                "the name shows where threads without frames do not");
        assertTrue(json.path("sdk").path("packages").size() >= 1);
    }

    @Test
    void aMessageEventShowsTheCallersStackOnItsThread() throws Exception {
        Event e = PetClinic.message();
        JsonNode json = wire(e);
        BugsinkView view = new BugsinkView(json);
        System.out.println("--- message event as Bugsink shows it\n" + view.title() + "\n" + view.stacktraceTab());

        assertEquals("Inventory low", view.title());
        String tab = view.stacktraceTab();
        assertFalse(tab.contains("No stacktrace available"), tab);
        assertTrue(
                tab.contains(
                        "## Thread #43: http-nio-8080-exec-2\n  [app] org.springframework.samples.petclinic.owner.Inventory.check (Inventory.java:88)\n"),
                "the caller's frame comes first, Telltale's own frames are gone: " + tab);
        assertFalse(tab.contains("dev.telltale."), tab);
        assertEquals("org.springframework.samples.petclinic.owner.Inventory.check", view.culprit());
    }

    @Test
    void theOfficialSdkReadsTheThreadAndItsStack() throws Exception {
        SentryEvent m =
                SentryWire.parseWithSdk(SENTRY.encode(PetClinic.message()).body()).event;
        assertNotNull(m.getThreads());
        SentryThread t = m.getThreads().get(0);
        assertEquals(Long.valueOf(43), t.getId());
        assertEquals("http-nio-8080-exec-2", t.getName());
        List<io.sentry.protocol.SentryStackFrame> frames = t.getStacktrace().getFrames();
        assertEquals("check", frames.get(frames.size() - 1).getFunction(), "innermost last, as Sentry orders frames");

        SentryEvent x = SentryWire.parseWithSdk(SENTRY.encode(PetClinic.crash()).body()).event;
        SentryException main = x.getExceptions().get(x.getExceptions().size() - 1);
        assertEquals("RuntimeException", main.getType());
        assertEquals(Long.valueOf(42), main.getThreadId());
    }

    @Test
    void sourceLinesShowUnderTheirFrameInSentryAndBugsnag(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("org/springframework/samples/petclinic/system/CrashController.java");
        java.nio.file.Files.createDirectories(file.getParent());
        StringBuilder src = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            src.append(i == 36 ? "        throw new RuntimeException(\"Expected: ...\");" : "// line " + i)
                    .append('\n');
        }
        java.nio.file.Files.write(file, src.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Event e = new dev.telltale.processing.SourceContext(java.util.Collections.singletonList(dir.toString()), false)
                .apply(PetClinic.crash());
        JsonNode json = wire(e);
        JsonNode frames =
                new BugsinkView(json).mainException().path("stacktrace").path("frames");
        JsonNode top = frames.get(frames.size() - 1);
        assertEquals(
                "        throw new RuntimeException(\"Expected: ...\");",
                top.path("context_line").asText());
        assertEquals(5, top.path("pre_context").size());
        assertEquals("// line 35", top.path("pre_context").get(4).asText());
        assertEquals("// line 37", top.path("post_context").get(0).asText());
        assertFalse(frames.get(0).has("context_line"), "library frames: none by default");
        System.out.println("--- with source context\n"
                + new BugsinkView(json).stacktraceTab().split("\n", 4)[1]);

        java.util.Map<String, Object> bugsnag =
                dev.telltale.testkit.JsonTree.object(new dev.telltale.destination.bugsnag.BugsnagDestinationFactory()
                        .create("bugsnag://c9d60ae4c7e70c4b6c4ebd3e8056d2b8", TestEvents.settings())
                        .encode(e)
                        .body());
        assertEquals(
                "        throw new RuntimeException(\"Expected: ...\");",
                dev.telltale.testkit.JsonTree.str(
                        bugsnag, "events", 0, "exceptions", 0, "stacktrace", 0, "code", "36"));
        assertEquals(
                "// line 31",
                dev.telltale.testkit.JsonTree.str(
                        bugsnag, "events", 0, "exceptions", 0, "stacktrace", 0, "code", "31"));
    }

    private static List<JsonNode> valuesOf(JsonNode json) {
        List<JsonNode> out = new java.util.ArrayList<>();
        json.path("exception").path("values").forEach(out::add);
        return out;
    }
}
