package dev.telltale.destination;

import static dev.telltale.testkit.JsonTree.at;
import static dev.telltale.testkit.JsonTree.list;
import static dev.telltale.testkit.JsonTree.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.destination.bugnet.BugnetDestinationFactory;
import dev.telltale.destination.bugreport.BugReportDestinationFactory;
import dev.telltale.destination.bugsnag.BugsnagDestinationFactory;
import dev.telltale.destination.file.FileDestinationFactory;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.PetClinic;
import dev.telltale.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fidelity fields in every destination that has a place for them: the lead exception (not its
 * wrapper) titles the event, a message event carries its caller's stack, the thread is named, the
 * reporter says what it is. (Sentry: {@code BackendRenderingTest}.)
 */
class FidelityContractTest {
    private static Map<String, Object> body(Destination d, Event e) throws Exception {
        return JsonTree.object(d.encode(e).body());
    }

    @Test
    void bugsnagLeadsWithTheControllersErrorAndGivesAMessageItsCallersStack() throws Exception {
        Destination d = new BugsnagDestinationFactory()
                .create("bugsnag://c9d60ae4c7e70c4b6c4ebd3e8056d2b8", TestEvents.settings());
        Map<String, Object> crash = body(d, PetClinic.crash());
        Object ev = at(crash, "events", 0);
        assertEquals("java.lang.RuntimeException", str(ev, "exceptions", 0, "errorClass"));
        assertEquals(PetClinic.CAUSE, str(ev, "exceptions", 0, "message"));
        assertEquals(
                "org.springframework.samples.petclinic.system.CrashController.triggerException",
                str(ev, "exceptions", 0, "stacktrace", 0, "method"));
        assertTrue(str(ev, "metaData", "telltale", "wrappedBy").startsWith("jakarta.servlet.ServletException: "));
        assertEquals("http-nio-8080-exec-1", str(ev, "threads", 0, "name"));
        assertEquals(Boolean.TRUE, at(ev, "threads", 0, "errorReportingThread"));

        Object msg = at(body(d, PetClinic.message()), "events", 0);
        assertEquals(
                "org.springframework.samples.petclinic.owner.Inventory.check",
                str(msg, "exceptions", 0, "stacktrace", 0, "method"));
        assertEquals(Boolean.TRUE, at(msg, "exceptions", 0, "stacktrace", 0, "inProject"));
    }

    @Test
    void bugnetTitlesByTheLeadAndDescribesAMessageWithItsCallersStack() throws Exception {
        Destination d = new BugnetDestinationFactory().create("bugnet://k3y", TestEvents.settings());
        Map<String, Object> crash = body(d, PetClinic.crash());
        assertEquals("[Error] RuntimeException: " + PetClinic.CAUSE, str(crash, "title"));
        String description = str(body(d, PetClinic.message()), "description");
        assertTrue(
                description.contains(
                        "Stack trace:\nThread \"http-nio-8080-exec-2\"\n\tat org.springframework.samples.petclinic.owner.Inventory.check(Inventory.java:88)"),
                description);
        assertTrue(description.contains("Reported by telltale.java/"), description);
    }

    @Test
    void bugReportMergesByTheLeadsMessageAndCarriesAMessagesStack() throws Exception {
        Destination d = new BugReportDestinationFactory()
                .create("bugreport+https://t0ken@bugs.example.org/api", TestEvents.settings());
        Map<String, Object> crash = body(d, PetClinic.crash());
        assertEquals(PetClinic.CAUSE, str(crash, "errorMessage"));
        assertEquals("java.lang.RuntimeException", str(crash, "errorCode"));
        assertTrue(str(crash, "metadata", "wrappedBy", 0).startsWith("jakarta.servlet.ServletException"));
        assertEquals(42L, ((Number) at(crash, "context", "threadId")).longValue());
        assertTrue(str(crash, "metadata", "sdk").startsWith("telltale.java/"));
        String stack = str(body(d, PetClinic.message()), "errorStack");
        assertTrue(
                stack.startsWith(
                        "Thread \"http-nio-8080-exec-2\"\n\tat org.springframework.samples.petclinic.owner.Inventory.check("),
                stack);
    }

    @Test
    void theFileFormatKeepsTheWholeChainAndNamesTheLead() throws Exception {
        Destination d = new FileDestinationFactory()
                .create("file:" + System.getProperty("java.io.tmpdir"), TestEvents.settings());
        Payload p = d.encode(PetClinic.crash());
        String text = new String(p.body(), StandardCharsets.UTF_8);
        Map<String, Object> e = JsonTree.object(p.body());
        List<Object> xs = list(e, "exceptions");
        assertEquals(2, xs.size(), "the wrapper stays in the file: nothing is lost");
        assertEquals(1L, ((Number) e.get("leadException")).longValue());
        assertEquals("RuntimeException: " + PetClinic.CAUSE, e.get("title"));
        assertFalse(text.contains("\"extra\"") || text.contains("\"contexts\""), text);
        assertTrue(text.contains("\n  \"title\": "), "indented");
    }
}
