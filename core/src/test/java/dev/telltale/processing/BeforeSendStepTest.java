package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.telltale.BeforeSend;
import dev.telltale.Event;
import dev.telltale.internal.Diagnostics;
import dev.telltale.testkit.Lines;
import org.junit.jupiter.api.Test;

class BeforeSendStepTest {
    private final Lines out = new Lines();
    private final Diagnostics diagnostics = new Diagnostics(false, out.stream());
    private final Event event =
            Event.builder("id").message("m", "m").tag("a", "1").build();

    @Test
    void identityPassesTheSameEvent() {
        assertSame(event, new BeforeSendStep(BeforeSend.IDENTITY, diagnostics).apply(event));
    }

    @Test
    void callbackCanChangeTheEvent() {
        BeforeSendStep step =
                new BeforeSendStep(e -> e.toBuilder().tag("added", "yes").build(), diagnostics);
        Event out = step.apply(event);
        assertEquals("yes", out.tags().get("added"));
        assertEquals("1", out.tags().get("a"));
    }

    @Test
    void callbackCanDropTheEvent() {
        assertNull(new BeforeSendStep(e -> null, diagnostics).apply(event));
    }

    @Test
    void throwingCallbackIsCountedAndTheEventKept() {
        BeforeSendStep step = new BeforeSendStep(
                e -> {
                    throw new IllegalStateException("app bug");
                },
                diagnostics);
        assertSame(event, step.apply(event));
        assertSame(event, step.apply(event));
        assertEquals(2, step.failures());
        assertEquals(
                1,
                out.containing("telltale: ", "beforeSend threw java.lang.IllegalStateException")
                        .size(),
                out.toString());
    }

    @Test
    void throwingErrorIsAlsoContained() {
        BeforeSendStep step = new BeforeSendStep(
                e -> {
                    throw new StackOverflowError();
                },
                diagnostics);
        assertSame(event, step.apply(event));
        assertEquals(1, step.failures());
    }
}
