package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.internal.json.EventJson;
import dev.telltale.testkit.HostileExceptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeLimiterTest {
    /** An event that is large everywhere SizeLimiter can cut. */
    static Event big() {
        Throwable t = HostileExceptions.deepStack(10_000);
        for (int i = 0; i < 40; i++) {
            t = new IllegalStateException("wrap " + i + " " + "m".repeat(6_000), t);
        }
        List<Breadcrumb> crumbs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            crumbs.add(Breadcrumb.of("crumb " + i + " " + "c".repeat(900)));
        }
        Event.Builder b = Event.builder("id")
                .message("t", "x".repeat(8_000))
                .exceptions(ExceptionChain.of(t))
                .breadcrumbs(crumbs);
        for (int i = 0; i < 20; i++) {
            b.extra("e" + i, "v".repeat(10_000));
            b.context("ctx" + i, java.util.Map.of("k", "v".repeat(4_000)));
        }
        return b.build();
    }

    @Test
    void everyStepMakesTheEncodingSmaller() throws Exception {
        Event e = big();
        int previous = EventJson.encode(e).length;
        for (int step = 1; step <= SizeLimiter.STEPS; step++) {
            int size = EventJson.encode(SizeLimiter.shrink(e, step)).length;
            assertTrue(size < previous, "step " + step + ": " + size + " >= " + previous);
            previous = size;
        }
        assertTrue(previous < 64 * 1024, "the last step fits a small backend: " + previous);
    }

    @Test
    void shrinkingKeepsTypesTopFramesAndTheMessageStart() {
        Event e = big();
        for (int step = 1; step <= SizeLimiter.STEPS; step++) {
            Event s = SizeLimiter.shrink(e, step);
            assertTrue(s.message().startsWith("xxxx"));
            assertTrue(!s.exceptions().isEmpty());
            for (int i = 0; i < s.exceptions().size(); i++) {
                ExceptionInfo before = e.exceptions().get(i);
                ExceptionInfo after = s.exceptions().get(i);
                assertEquals(before.type(), after.type(), "step " + step);
                assertEquals(before.id(), after.id());
                assertEquals(before.parentId(), after.parentId());
                assertEquals(before.relation(), after.relation());
                assertTrue(before.message().startsWith(after.message().replace("\u2026", "")));
                if (!before.frames().isEmpty()) {
                    assertEquals(
                            before.frames().get(0).toString(),
                            after.frames().get(0).toString(),
                            "top frame kept");
                    assertEquals(
                            before.frames().size() + before.framesOmitted(),
                            after.frames().size() + after.framesOmitted(),
                            "every cut frame is counted");
                }
            }
            assertEquals(e.eventId(), s.eventId());
            assertEquals(e.level(), s.level());
        }
    }

    @Test
    void breadcrumbsKeptAreTheNewest() {
        Event s = SizeLimiter.shrink(big(), 2);
        assertTrue(s.breadcrumbs().size() <= 10);
        assertTrue(s.breadcrumbs().get(s.breadcrumbs().size() - 1).message().startsWith("crumb 99 "));
    }

    @Test
    void smallEventIsNotDamaged() {
        Event e = Event.builder("id")
                .message("t", "short")
                .extra("k", "v")
                .context("c", java.util.Map.of("a", "b"))
                .build();
        Event s = SizeLimiter.shrink(e, 1);
        assertEquals("short", s.message());
        assertEquals(e.extra(), s.extra());
        assertEquals(e.contexts(), s.contexts());
    }

    @Test
    void tightestStepKeepsTheRootCauseAndDropsSuppressedFirst() {
        RuntimeException root = new RuntimeException("root cause");
        RuntimeException top = new RuntimeException("top", new IllegalStateException("middle", root));
        for (int i = 0; i < 10; i++) {
            top.addSuppressed(new IllegalArgumentException("suppressed " + i));
        }
        Event e = Event.builder("id").exceptions(ExceptionChain.of(top)).build();
        List<ExceptionInfo> kept = SizeLimiter.shrink(e, SizeLimiter.STEPS).exceptions();
        assertEquals(
                List.of("top", "middle", "root cause"),
                kept.stream().map(ExceptionInfo::message).toList());
    }
}
