package dev.telltale.internal.delivery;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Where a connection goes: scheme, host, port, and the HTTP proxy in between (if any). Connections
 * are pooled per route; the route also keeps what the connections taught about the server (see
 * {@link #preferClose}).
 */
final class Route {
    /** After this many requests with {@code Connection: close}, keep-alive is tried again. */
    static final int PROBE_EVERY = 256;

    final boolean https;
    final String host;
    final int port;
    final InetSocketAddress proxy;
    private final String key;

    // Learnt from exchanges, under this route's monitor.
    private double setupNanos = -1;
    private double bodyWaitNanos = -1;
    private int closeLeft;
    private boolean setupProbed;
    /** A wait for the body longer than this (on average) is a stall, not noise. */
    static final long STALL_NANOS = 5_000_000L;

    Route(boolean https, String host, int port, InetSocketAddress proxy) {
        this.https = https;
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
        this.proxy = proxy;
        this.key = (https ? "https://" : "http://") + authority() + (proxy == null ? "" : " via " + proxy);
    }

    String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    String key() {
        return key;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /**
     * Whether the next request should ask the server to close the connection after answering.
     * Keep-alive saves a connection set-up per request (a TCP, and for https a TLS, handshake), but
     * some servers (the JDK's {@code com.sun.net.httpserver}, any that writes the head and the body
     * of a response separately with Nagle on) hold the body back until our ACK of the head, which the
     * kernel delays by up to ~40 ms on a connection that looks interactive. Java cannot turn delayed
     * ACKs off, and a server closing the connection sends the body at once. So each route compares the
     * two measured costs and chooses the cheaper; every {@link #PROBE_EVERY} requests it tries
     * keep-alive again, so a server that changed is noticed.
     */
    synchronized boolean preferClose() {
        if (closeLeft > 0) {
            closeLeft--;
            return true;
        }
        return false;
    }

    /**
     * A connection set-up took this long. The cheapest seen is kept: the first connection of a
     * process pays for class loading and a busy machine adds noise, neither of which a new connection
     * would cost again.
     */
    synchronized void setUp(long nanos) {
        setupNanos = setupNanos < 0 ? nanos : Math.min(setupNanos, nanos);
    }

    /** Time from the end of a response's head to the end of its small body, on a reused connection. */
    synchronized void bodyWait(long nanos) {
        bodyWaitNanos = bodyWaitNanos < 0 ? nanos : bodyWaitNanos * 0.7 + nanos * 0.3;
        if (bodyWaitNanos <= STALL_NANOS) {
            return; // only a clear, repeated stall counts
        }
        if (setupNanos >= 0 && bodyWaitNanos > setupNanos) {
            closeLeft = PROBE_EVERY;
            bodyWaitNanos = -1;
        } else if (!setupProbed) {
            // The only set-up measured may be the first, cold one: measure a warm one before deciding.
            setupProbed = true;
            closeLeft = 1;
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
