package dev.telltale.internal;

import dev.telltale.Level;
import dev.telltale.event.Mechanism;
import java.util.List;
import java.util.Map;

/**
 * An event as captured on the application's thread: references and a scope snapshot only. The
 * sender thread turns it into an {@link dev.telltale.Event} (walking stack traces, formatting).
 */
public final class PendingEvent {
    public final String eventId;
    public final long timestamp;
    public final Level level;
    public final Mechanism mechanism;
    /** Null for a message event. */
    public final Throwable throwable;

    public final String messageTemplate;
    public final String message;
    public final String logger;
    public final String threadName;
    public final Map<String, String> tags;
    public final Map<String, String> extra;
    public final Map<String, Map<String, String>> contexts;
    public final List<String> fingerprint;
    public final ScopeSnapshot scope;
    /**
     * For a message event with {@code attach-stacktrace}: a {@code Throwable} made on the caller's
     * thread, only so that its stack is recorded there (cheap); walked and formatted on the sender.
     * Null otherwise.
     */
    public final Throwable callerStack;
    /** The JVM's id of the thread the event happened on; -1 when unknown. */
    public final long threadId;

    public PendingEvent(
            String eventId,
            long timestamp,
            Level level,
            Mechanism mechanism,
            Throwable throwable,
            String messageTemplate,
            String message,
            String logger,
            String threadName,
            Map<String, String> tags,
            Map<String, String> extra,
            Map<String, Map<String, String>> contexts,
            List<String> fingerprint,
            ScopeSnapshot scope) {
        this(
                eventId,
                timestamp,
                level,
                mechanism,
                throwable,
                messageTemplate,
                message,
                logger,
                threadName,
                tags,
                extra,
                contexts,
                fingerprint,
                scope,
                null,
                -1L);
    }

    public PendingEvent(
            String eventId,
            long timestamp,
            Level level,
            Mechanism mechanism,
            Throwable throwable,
            String messageTemplate,
            String message,
            String logger,
            String threadName,
            Map<String, String> tags,
            Map<String, String> extra,
            Map<String, Map<String, String>> contexts,
            List<String> fingerprint,
            ScopeSnapshot scope,
            Throwable callerStack,
            long threadId) {
        this.callerStack = callerStack;
        this.threadId = threadId;
        this.eventId = eventId;
        this.timestamp = timestamp;
        this.level = level;
        this.mechanism = mechanism;
        this.throwable = throwable;
        this.messageTemplate = messageTemplate;
        this.message = message;
        this.logger = logger;
        this.threadName = threadName;
        this.tags = tags;
        this.extra = extra;
        this.contexts = contexts;
        this.fingerprint = fingerprint;
        this.scope = scope;
    }

    /** A rough size in bytes, to bound the queue by memory as well as by count. */
    public int estimatedBytes() {
        int n = 512 + (message == null ? 0 : message.length() * 2) + scope.ringCrumbs.length * 200;
        Throwable t = throwable;
        for (int depth = 0; t != null && depth < 8; depth++) {
            n += 2_000; // frames are not walked here; an average trace costs a few KB once built
            Throwable cause = safeCause(t); // getCause() may throw: this runs on the caller's thread
            t = cause == t ? null : cause;
        }
        return n;
    }

    private static Throwable safeCause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable e) {
            return null;
        }
    }
}
