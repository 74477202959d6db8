package dev.telltale.integration;

import dev.telltale.internal.Reentrancy;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Telltale's own voice: one line per message on the process's original stderr, prefixed
 * {@code telltale:}, with the thread marked as running Telltale code while it prints. Never the
 * application's logging, so it can never feed back into capture.
 *
 * <p>Not final only so that core's {@code dev.telltale.internal.Diagnostics} can be the same type
 * (integrations and their tests may hand either); not meant to be subclassed elsewhere.
 */
public class Diagnostics {
    /** stderr as it was when Telltale loaded: an application that later redirects System.err to a logger cannot loop us. */
    private static final PrintStream ORIGINAL_ERR = System.err;

    private final boolean debug;
    private final PrintStream out;
    private final Set<String> once = ConcurrentHashMap.newKeySet();

    public Diagnostics(boolean debug) {
        this(debug, ORIGINAL_ERR);
    }

    /** {@code out} instead of the original stderr (tests). */
    public Diagnostics(boolean debug, PrintStream out) {
        this.debug = debug;
        this.out = out;
    }

    public final boolean isDebug() {
        return debug;
    }

    /** Always printed: configuration problems, drops, things a user must know. */
    public final void warn(String message) {
        print(message);
    }

    /** Printed once per distinct key for the life of this object. */
    public final void warnOnce(String key, String message) {
        if (once.add(key)) {
            print(message);
        }
    }

    /** Printed only with {@code debug=true}. */
    public final void debug(String message) {
        if (debug) {
            print(message);
        }
    }

    private void print(String message) {
        Reentrancy.enter();
        try {
            out.println("telltale: " + message);
        } catch (Throwable ignored) {
            // stderr itself failed; nothing more we can do without risking the application.
        } finally {
            Reentrancy.exit();
        }
    }
}
