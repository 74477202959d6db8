package dev.telltale.internal;

import dev.telltale.DropReason;
import dev.telltale.TelltaleClient;

/**
 * Reaches what {@link TelltaleClient} keeps package-private from another package of core (the
 * supported integration entry point), without making it public API. {@code TelltaleClient} installs
 * the implementation when its class initialises, which happens before anyone holds a client.
 */
public final class ClientAccess {
    /** What the client lends. */
    public interface Hooks {
        void dropped(TelltaleClient client, DropReason reason);
    }

    private static volatile Hooks hooks;

    private ClientAccess() {}

    public static void install(Hooks h) {
        hooks = h;
    }

    /** Counts one drop of {@code reason} in {@code client}'s stats. */
    public static void dropped(TelltaleClient client, DropReason reason) {
        Hooks h = hooks;
        if (h != null && client != null && reason != null) {
            h.dropped(client, reason);
        }
    }
}
