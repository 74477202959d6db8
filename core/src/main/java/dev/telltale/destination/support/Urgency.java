package dev.telltale.destination.support;

import dev.telltale.Event;
import dev.telltale.Level;

/**
 * The four-step urgency scale Bugnet's {@code priority} and the bug-report {@code severity} share:
 * unhandled or fatal: critical; handled error: high; warning: medium; info and debug: low.
 *
 * <p>Internal (see the package).
 */
public final class Urgency {
    private Urgency() {}

    /** {@code critical}, {@code high}, {@code medium} or {@code low}. */
    public static String of(Event e) {
        if (!e.handled() || e.level() == Level.FATAL) {
            return "critical";
        }
        switch (e.level()) {
            case ERROR:
                return "high";
            case WARNING:
                return "medium";
            default:
                return "low";
        }
    }
}
