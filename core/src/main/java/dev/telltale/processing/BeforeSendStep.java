package dev.telltale.processing;

import dev.telltale.BeforeSend;
import dev.telltale.Event;
import dev.telltale.internal.Diagnostics;
import java.util.concurrent.atomic.AtomicLong;

/** Runs the application's {@code beforeSend}; its exceptions are caught, counted, and the event kept. */
public final class BeforeSendStep {
    private final BeforeSend callback;
    private final Diagnostics diagnostics;
    private final AtomicLong failures = new AtomicLong();

    public BeforeSendStep(BeforeSend callback, Diagnostics diagnostics) {
        this.callback = callback;
        this.diagnostics = diagnostics;
    }

    /** @return the event to send, or null when the callback dropped it */
    public Event apply(Event event) {
        if (callback == BeforeSend.IDENTITY) {
            return event;
        }
        try {
            return callback.apply(event);
        } catch (Throwable t) {
            long n = failures.incrementAndGet();
            diagnostics.warnOnce(
                    "beforeSend-failed",
                    "beforeSend threw " + t.getClass().getName()
                            + "; the event is sent unchanged (this is counted; failures so far: " + n + ")");
            return event;
        }
    }

    /** How many times the callback threw. */
    public long failures() {
        return failures.get();
    }
}
