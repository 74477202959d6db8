package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.internal.json.EventJson;
import dev.telltale.testkit.HostileExceptions;
import dev.telltale.testkit.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostileEventsTest {
    @Test
    void everyHostileExceptionYieldsAnEventThatEncodes() throws IOException {
        for (Map.Entry<String, Throwable> e : HostileExceptions.all().entrySet()) {
            Event event = TestEvents.of(e.getValue());
            assertFalse(event.exceptions().isEmpty(), e.getKey());
            byte[] json = EventJson.encode(event);
            assertTrue(json.length > 0, e.getKey());
            assertTrue(json.length < 300_000, e.getKey() + " encodes to " + json.length + " bytes");
        }
    }

    @Test
    void cyclicCausesAreListedOnce() {
        Event event = TestEvents.of(HostileExceptions.cyclicCauses());
        assertEquals(2, event.exceptions().size());
        assertEquals("java.lang.RuntimeException", event.exceptions().get(0).type());
        assertEquals(ExceptionInfo.Relation.CAUSE, event.exceptions().get(1).relation());
    }

    @Test
    void deepStackKeepsTopAndBottomAndCountsTheCut() {
        ExceptionInfo x =
                TestEvents.of(HostileExceptions.deepStack(10_000)).exceptions().get(0);
        assertEquals(
                ExceptionChain.KEEP_TOP_FRAMES + ExceptionChain.KEEP_BOTTOM_FRAMES,
                x.frames().size());
        assertEquals(10_000 - x.frames().size(), x.framesOmitted());
        assertEquals(ExceptionChain.KEEP_TOP_FRAMES, x.omittedAt());
    }

    @Test
    void throwingMessageIsReplacedByANote() {
        ExceptionInfo x = TestEvents.of(new HostileExceptions.ThrowingMessage())
                .exceptions()
                .get(0);
        assertTrue(x.message().contains("getMessage() threw"), x.message());
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() throws IOException {
        Event event = TestEvents.of(HostileExceptions.all().get("invalidUtf16"));
        String m = event.exceptions().get(0).message();
        assertEquals("bad \uFFFD high, bad \uFFFD low, ok \uD83D\uDE00 pair, end \uFFFD", m);
        String json = new String(EventJson.encode(event), StandardCharsets.UTF_8);
        // Jackson may write the pair raw or as two escapes; either way it is one valid code point.
        assertTrue(json.contains("\uD83D\uDE00") || json.toLowerCase().contains("\\ud83d\\ude00"), json);
    }

    @Test
    void megabyteMessageIsTruncated() {
        ExceptionInfo x = TestEvents.of(HostileExceptions.all().get("megabyteMessage"))
                .exceptions()
                .get(0);
        assertEquals(ExceptionChain.MAX_MESSAGE_CHARS, x.message().length());
        assertTrue(x.message().endsWith("\u2026"));
    }
}
