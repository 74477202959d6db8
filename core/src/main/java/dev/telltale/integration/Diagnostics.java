package dev.telltale.integration;

import java.io.PrintStream;

/**
 * Telltale's own voice for an integration: one line per message on the process's original stderr,
 * prefixed {@code telltale:}, with the thread marked as running Telltale code while it prints. Never
 * the application's logging, so it can never feed back into capture.
 *
 * <p>Core's {@code dev.telltale.internal.Diagnostics} is a subclass (so that either can be handed where
 * this type is expected) and does the work; this class hands every call to one. Not meant to be
 * subclassed elsewhere.
 */
public class Diagnostics {
    private final Diagnostics delegate;

    public Diagnostics(boolean debug) {
        this.delegate = new dev.telltale.internal.Diagnostics(debug);
    }

    /** {@code out} instead of the original stderr (tests). */
    public Diagnostics(boolean debug, PrintStream out) {
        this.delegate = new dev.telltale.internal.Diagnostics(debug, out);
    }

    /** For core's own subclass, which overrides every method. */
    protected Diagnostics() {
        this.delegate = null;
    }

    public boolean isDebug() {
        return delegate.isDebug();
    }

    /** Always printed: configuration problems, drops, things a user must know. */
    public void warn(String message) {
        delegate.warn(message);
    }

    /** Printed once per distinct key for the life of this object. */
    public void warnOnce(String key, String message) {
        delegate.warnOnce(key, message);
    }

    /** Printed only with {@code debug=true}. */
    public void debug(String message) {
        delegate.debug(message);
    }
}
