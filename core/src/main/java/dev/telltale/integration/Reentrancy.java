package dev.telltale.integration;

import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;
import dev.telltale.internal.ClientAccess;

/**
 * Whether the current thread runs Telltale code: a capture, a diagnostic line, a sender thread. An
 * integration that sees a log line or a hooked failure while this holds must not capture it (it would
 * loop); it counts it with {@link #countDropped} so that {@code stats()} still shows it.
 */
public final class Reentrancy {
    private Reentrancy() {}

    /** True while this thread runs Telltale code. */
    public static boolean active() {
        return dev.telltale.internal.Reentrancy.active();
    }

    /**
     * Counts one capture that an integration refused because Telltale itself caused it (a line
     * logged from inside Telltale, by its threads or with its prefix) as {@link DropReason#REENTRANT}.
     */
    public static void countDropped(TelltaleClient client) {
        ClientAccess.dropped(client, DropReason.REENTRANT);
    }
}
