package dev.telltale.internal;

import java.io.PrintStream;

/**
 * Core's name for {@link dev.telltale.integration.Diagnostics} (the same type, so that either can be
 * handed where the other is expected): one {@code telltale:} line per message on the original stderr.
 */
public final class Diagnostics extends dev.telltale.integration.Diagnostics {
    public Diagnostics(boolean debug) {
        super(debug);
    }

    public Diagnostics(boolean debug, PrintStream out) {
        super(debug, out);
    }
}
