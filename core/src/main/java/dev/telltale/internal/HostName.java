package dev.telltale.internal;

import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * The host name for events, resolved at most once and never on an application thread: the
 * supplier is only called on the sender thread. Environment variables first (no DNS at all).
 */
public final class HostName implements Supplier<String> {
    private final String configured;
    private volatile String resolved;

    public HostName(String configured) {
        this.configured = configured == null ? "" : configured;
    }

    @Override
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        String r = resolved;
        if (r == null) {
            r = resolve();
            resolved = r;
        }
        return r;
    }

    private static String resolve() {
        try {
            String env = System.getenv("HOSTNAME");
            if (env == null || env.isEmpty()) {
                env = System.getenv("COMPUTERNAME");
            }
            if (env != null && !env.isEmpty()) {
                return env;
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (Throwable e) {
            return "";
        }
    }
}
