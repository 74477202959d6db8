package dev.telltale.integration;

import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;

/**
 * The one client that integrations (the Logback appender, the servlet filter, the Spring Boot
 * auto-configuration) share with the {@link Telltale} facade. The first integration that finds no
 * running client starts one behind the facade; the others use it; the last one to release it closes
 * it. A client started by the application ({@code Telltale.init}) is used and never closed here.
 *
 * <p>One per class loader of the core: in a WAR, the web application's; so a redeploy closes what
 * the old application started.
 */
public final class SharedClient {
    private static final Object LOCK = new Object();
    private static TelltaleClient started;
    private static int users;
    /** Uses that were told {@code enabled=false} (Spring's environment): no other integration starts one meanwhile. */
    private static int switchedOff;

    private SharedClient() {}

    /**
     * Uses the running client, or starts one from {@code options} (over the external sources) when
     * none runs. Never throws; when nothing could be started the lease holds the disabled client.
     */
    public static Lease acquire(TelltaleOptions options) {
        synchronized (LOCK) {
            TelltaleClient current = Telltale.client();
            if (current.isEnabled()) {
                if (current == started) {
                    users++;
                    return new Lease(current, true, false);
                }
                return new Lease(current, false, false);
            }
            if (switchedOff > 0) {
                return new Lease(current, false, false);
            }
            TelltaleClient client = Telltale.init(options == null ? TelltaleOptions.external() : options);
            if (!client.isEnabled()) {
                if (options != null
                        && "false"
                                .equalsIgnoreCase(
                                        String.valueOf(options.values().get(ConfigKey.ENABLED))
                                                .trim())) {
                    switchedOff++;
                    return new Lease(client, false, false, true);
                }
                return new Lease(client, false, false);
            }
            started = client;
            users = 1;
            return new Lease(client, true, true);
        }
    }

    /**
     * Options from a framework's own configuration ({@code telltale.KEY} looked up for every key,
     * e.g. Spring's environment); keys it does not have are left to the usual sources.
     */
    public static TelltaleOptions options(java.util.function.Function<String, String> lookup) {
        TelltaleOptions.Builder b = TelltaleOptions.builder();
        for (dev.telltale.config.ConfigKey k : dev.telltale.config.ConfigKey.values()) {
            String v;
            try {
                v = lookup.apply(k.systemProperty());
            } catch (RuntimeException e) {
                v = null; // an unresolvable placeholder: the usual sources decide
            }
            if (v != null && !v.trim().isEmpty()) {
                b.set(k, v.trim());
            }
        }
        return b.build();
    }

    /** The client integrations started and still share; null when none. */
    public static TelltaleClient started() {
        synchronized (LOCK) {
            return started;
        }
    }

    private static void releaseUse(TelltaleClient client) {
        TelltaleClient toClose = null;
        synchronized (LOCK) {
            if (client != started) {
                return; // replaced by the application's Telltale.init, which closed it already
            }
            if (--users <= 0) {
                toClose = started;
                started = null;
                users = 0;
            }
        }
        if (toClose != null) {
            if (Telltale.client() == toClose) {
                Telltale.close();
            } else {
                toClose.close(); // closing twice is harmless
            }
        }
    }

    /** One integration's use of the shared client; {@link #release} once, when it stops. */
    public static final class Lease {
        private final TelltaleClient client;
        private final boolean counted;
        private final boolean startedHere;
        private final boolean off;
        private boolean released;

        Lease(TelltaleClient client, boolean counted, boolean startedHere) {
            this(client, counted, startedHere, false);
        }

        Lease(TelltaleClient client, boolean counted, boolean startedHere, boolean off) {
            this.client = client;
            this.counted = counted;
            this.startedHere = startedHere;
            this.off = off;
        }

        public TelltaleClient client() {
            return client;
        }

        /** True when this use started the client (its options applied). */
        public boolean startedHere() {
            return startedHere;
        }

        /** True when the client was started by an integration (shared, closed by the last release). */
        public boolean shared() {
            return counted;
        }

        /** Ends this use; the last use of a client started by integrations closes it. Idempotent. */
        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            if (counted) {
                releaseUse(client);
            } else if (off) {
                synchronized (LOCK) {
                    switchedOff = Math.max(0, switchedOff - 1);
                }
            }
        }
    }
}
