package dev.telltale.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Telltale's own voice: one line per message on the process's original stderr, prefixed
 * {@code telltale:}. Never the application's logging, so it can never feed back into capture.
 */
public final class Diagnostics {
    /** stderr as it was when Telltale loaded: an application that later redirects System.err to a logger cannot loop us. */
    private static final PrintStream ORIGINAL_ERR = System.err;

    private final boolean debug;
    private final PrintStream out;
    private final Set<String> once = ConcurrentHashMap.newKeySet();

    public Diagnostics(boolean debug) {
        this(debug, ORIGINAL_ERR);
    }

    public Diagnostics(boolean debug, PrintStream out) {
        this.debug = debug;
        this.out = out;
    }

    public boolean isDebug() {
        return debug;
    }

    /** Always printed: configuration problems, drops, things a user must know. */
    public void warn(String message) {
        print(message);
    }

    /** Printed once per distinct key for the life of this client. */
    public void warnOnce(String key, String message) {
        if (once.add(key)) {
            print(message);
        }
    }

    /** Printed only with {@code debug=true}. */
    public void debug(String message) {
        if (debug) {
            print(message);
        }
    }

    /** Longest line printed: a 2 MB configuration value must not become a 2 MB stderr line. */
    static final int MAX_LINE_CHARS = 1000;

    /** One bounded line: line breaks and control characters become spaces, the rest is cut with an ellipsis. */
    static String oneLine(String message) {
        String m = String.valueOf(message);
        int n = Math.min(m.length(), MAX_LINE_CHARS);
        StringBuilder b = new StringBuilder(n + 1);
        for (int i = 0; i < n; i++) {
            char c = m.charAt(i);
            b.append(c < ' ' || c == 0x7f ? ' ' : c);
        }
        if (m.length() > MAX_LINE_CHARS) {
            b.append('\u2026');
        }
        return b.toString();
    }

    private void print(String message) {
        Reentrancy.enter();
        try {
            out.println("telltale: " + oneLine(message));
        } catch (Throwable ignored) {
            // stderr itself failed; nothing more we can do without risking the application.
        } finally {
            Reentrancy.exit();
        }
    }
}
