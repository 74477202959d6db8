package dev.telltale;

import dev.telltale.config.Settings;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.Reentrancy;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.internal.TraceLink;
import dev.telltale.internal.util.Maps;
import dev.telltale.processing.Deduplicator;
import dev.telltale.processing.IgnoreRule;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The caller's side of a capture once {@link TelltaleClient#capture} let it through its gates: the
 * scope snapshot and the {@link PendingEvent} that goes to the queue. Runs on the application's
 * thread, so it only copies references (no stack walking, no formatting).
 */
final class PendingEvents {
    private final ScopeStorage scopes;
    private final Settings settings;
    private final Diagnostics diagnostics;

    PendingEvents(ScopeStorage scopes, Settings settings, Diagnostics diagnostics) {
        this.scopes = scopes;
        this.settings = settings;
        this.diagnostics = diagnostics;
    }

    /** The scope snapshot and pending event of {@code c} ({@code t}: its throwable, or null). */
    PendingEvent prepare(Capture c, Throwable t) {
        Scope leaf = scopes.current();
        if (c.scopeCallback != null) {
            leaf = scopes.perEvent();
            try {
                c.scopeCallback.accept(leaf);
            } catch (Throwable e) {
                diagnostics.warnOnce(
                        "scope-callback",
                        "a capture's scope callback threw " + e.getClass().getName() + "; ignored");
            }
        }
        ScopeSnapshot snapshot = scopes.snapshot(leaf);
        // A message has no stack of its own: record the caller's here (the JVM fills it in; no
        // walking or formatting on this thread), unless another thread was named.
        // (A logger names the thread it logged on: the same one, unless an async appender hands over.)
        Thread current = Thread.currentThread();
        boolean here = c.threadName == null || (c.threadId < 0 && c.threadName.equals(current.getName()));
        Throwable callerStack = t == null && here && settings.attachStacktrace() ? new Throwable() : null;
        Map<String, Map<String, String>> contexts = c.contexts;
        if (here && !contexts.containsKey(TraceLink.CONTEXT) && !snapshot.contexts.containsKey(TraceLink.CONTEXT)) {
            Map<String, String> trace = TraceLink.current(); // the span is the calling thread's
            if (trace != null) {
                contexts = Maps.with(contexts, TraceLink.CONTEXT, trace);
            }
        }
        PendingEvent p = new PendingEvent(
                newEventId(),
                c.timestamp != 0 ? c.timestamp : System.currentTimeMillis(),
                c.level,
                c.mechanism,
                t,
                c.messageTemplate,
                c.message,
                c.logger,
                here ? current.getName() : c.threadName,
                c.tags,
                c.extra,
                contexts,
                c.fingerprint,
                snapshot,
                callerStack,
                here ? current.getId() : c.threadId);
        p.estimatedBytes();
        return p;
    }

    /**
     * Runs the caller's side of a capture once, off the application's thread, so that the first real
     * capture does not pay for loading and linking it (17-74 ms measured, issue 18 item 12). Nothing
     * is queued or counted; the throwable is our own and the scope untouched.
     */
    void warmUp(IgnoreRule ignoreRule, Deduplicator deduplicator) {
        Reentrancy.enter();
        try {
            Throwable t = new IllegalStateException("telltale warm-up", new RuntimeException("cause"));
            t.getStackTrace();
            Capture c = Capture.exception(t)
                    .mechanism(Mechanism.MANUAL)
                    .level(Level.ERROR)
                    .scope(s -> s.setTag("warm", "up"))
                    .tag("k", "v")
                    .extra("k", "v");
            ignoreRule.ignores(t);
            deduplicator.isDuplicate(t);
            prepare(c, t);
            prepare(Capture.message("telltale warm-up", Level.WARNING), null);
            Breadcrumb.builder()
                    .category("warm")
                    .message("up")
                    .data("k", "v")
                    .build()
                    .message();
            Breadcrumb.of("warm", "up").message();
        } catch (Throwable ignored) {
            // only a warm-up: the real capture handles (and reports) whatever fails here
        } finally {
            Reentrancy.exit();
        }
    }

    /** A random (version 4) UUID as 32 lower-case hex characters, without UUID's formatting. */
    static String newEventId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        hi = (hi & 0xffffffffffff0fffL) | 0x0000000000004000L; // version 4
        lo = (lo & 0x3fffffffffffffffL) | 0x8000000000000000L; // IETF variant
        char[] out = new char[32];
        hex(hi, out, 0);
        hex(lo, out, 16);
        return new String(out);
    }

    private static void hex(long v, char[] out, int at) {
        final String digits = "0123456789abcdef";
        for (int i = 15; i >= 0; i--) {
            out[at + i] = digits.charAt((int) (v & 0xf));
            v >>>= 4;
        }
    }
}
