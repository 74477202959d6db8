package dev.telltale.internal.delivery;

import dev.telltale.config.Settings;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The pipeline's HTTP/1.1 client, shared by all lanes: {@code TCP_NODELAY} and the request in one
 * write, keep-alive connections pooled per route (see {@link Route#preferClose} for when it closes
 * them instead), a deadline for the whole request (connect + read timeout: a server dripping bytes
 * or streaming an endless body cannot hold a lane past it), a capped response, the configured or
 * the JDK's proxy (a CONNECT tunnel for https), TLS verified by the JDK's trust store with host name
 * verification and SNI (never relaxed). A redirect is followed only to the same host (for example a
 * proxy upgrading http to https), keeping the credentials; to another host it is an
 * {@link IOException} naming that host, so the lane keeps the events and retries.
 */
public final class HttpTransport implements Transport {
    /** Most response bytes read; a longer body is cut and its connection dropped. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** Idle connections kept per route. */
    static final int MAX_IDLE_PER_ROUTE = 8;
    /** An idle connection older than this is not reused: servers close idle ones after 5 s and up. */
    static final long MAX_IDLE_NANOS = 4_000_000_000L;

    static final int MAX_REDIRECTS = 3;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    /** The configured proxy, or null for the JDK's proxy selector (system properties). */
    private final Proxy proxy;

    private final Map<String, ArrayDeque<HttpConnection>> idle = new HashMap<>();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Connections in use right now, so that {@link #abort} can cut a request to a hanging backend. */
    private final Set<HttpConnection> inFlight = ConcurrentHashMap.newKeySet();

    private volatile boolean aborted;

    public HttpTransport(Settings settings) {
        this(settings.connectTimeoutMillis(), settings.readTimeoutMillis(), proxy(settings.proxy()));
    }

    public HttpTransport(int connectTimeoutMillis, int readTimeoutMillis, Proxy proxy) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.proxy = proxy;
    }

    static Proxy proxy(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return null; // the JDK's own proxy properties and selector apply
        }
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Proxy(
                Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1))));
    }

    public static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(body);
        }
        return bos.toByteArray();
    }

    /** The whole budget of one request, redirects included. */
    long deadlineMillis() {
        return (long) connectTimeoutMillis + readTimeoutMillis;
    }

    @Override
    public HttpResponse post(String url, Map<String, String> headers, byte[] body, boolean gzip) throws IOException {
        URI uri = parse(url);
        byte[] wire = gzip ? gzip(body) : body;
        HttpConnection.Deadline deadline = new HttpConnection.Deadline(deadlineMillis());
        for (int hop = 0; ; hop++) {
            HttpConnection.HttpResponseData r = exchange(uri, headers, wire, gzip, deadline);
            if (!isRedirect(r.status) || hop >= MAX_REDIRECTS) {
                return new HttpResponse(r.status, r.headers, r.body);
            }
            uri = redirectTarget(uri, r.headers.get("location"));
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Where a redirect may lead: the same host, same scheme or http upgraded to https (the request is
     * repeated with its credentials). Anything else is refused with a message that names only the
     * host (never the path or query, which may carry a key).
     */
    static URI redirectTarget(URI from, String location) throws IOException {
        if (location == null || location.isEmpty()) {
            throw new IOException("redirect without a Location");
        }
        URI to;
        try {
            to = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("redirect to a malformed Location");
        }
        String host = to.getHost() == null ? "?" : to.getHost().toLowerCase(Locale.ROOT);
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean sameHost = host.equals(from.getHost().toLowerCase(Locale.ROOT));
        boolean upgradeOrSame =
                scheme.equals("https") || scheme.equals(from.getScheme().toLowerCase(Locale.ROOT));
        if (!sameHost || !upgradeOrSame) {
            throw new IOException("redirected to " + (sameHost ? scheme + " on the same host" : "another host, " + host)
                    + "; not followed, events kept");
        }
        return to;
    }

    private static URI parse(String url) throws IOException {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("malformed URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("not an http(s) URL: " + scheme);
        }
        if (u.getHost() == null) {
            throw new IOException("URL without a host");
        }
        return u;
    }

    private Route route(URI u) {
        boolean https = u.getScheme().equalsIgnoreCase("https");
        int port = u.getPort() >= 0 ? u.getPort() : https ? 443 : 80;
        InetSocketAddress via = proxyFor(u);
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Route fresh = new Route(https, host, port, via);
        Route known = routes.putIfAbsent(fresh.key(), fresh);
        return known != null ? known : fresh;
    }

    private InetSocketAddress proxyFor(URI u) {
        Proxy p = proxy;
        if (p == null) {
            try {
                ProxySelector sel = ProxySelector.getDefault();
                List<Proxy> ps = sel == null ? null : sel.select(u);
                p = ps == null || ps.isEmpty() ? null : ps.get(0);
            } catch (RuntimeException e) {
                p = null;
            }
        }
        if (p == null || p.type() != Proxy.Type.HTTP) {
            return null; // DIRECT (SOCKS is not supported)
        }
        SocketAddress a = p.address();
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    private HttpConnection.HttpResponseData exchange(
            URI uri, Map<String, String> headers, byte[] wire, boolean gzip, HttpConnection.Deadline deadline)
            throws IOException {
        Route route = route(uri);
        boolean close = route.preferClose();
        byte[] request = request(uri, route, headers, wire, gzip, close);
        HttpConnection c = close ? null : takeIdle(route);
        boolean reused = c != null;
        try {
            if (c == null) {
                c = connect(route, deadline);
            }
            return exchangeOn(c, request, deadline, close, reused);
        } catch (IOException e) {
            if (!reused || aborted || e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
            // A pooled connection the server had closed meanwhile: once more on a new one.
            c = connect(route, deadline);
            return exchangeOn(c, request, deadline, close, false);
        }
    }

    private HttpConnection connect(Route route, HttpConnection.Deadline deadline) throws IOException {
        HttpConnection c = HttpConnection.open(route, connectTimeoutMillis, deadline);
        route.setUp(c.setupNanos);
        return c;
    }

    private HttpConnection.HttpResponseData exchangeOn(
            HttpConnection c, byte[] request, HttpConnection.Deadline deadline, boolean close, boolean reused)
            throws IOException {
        inFlight.add(c); // registered before the check: an abort in between still finds it
        boolean ok = false;
        try {
            if (aborted) {
                throw new IOException("transport closed");
            }
            HttpConnection.HttpResponseData r = c.exchange(request, deadline, readTimeoutMillis, MAX_RESPONSE_BYTES);
            if (reused && r.body.length > 0 && r.body.length < 1400) {
                c.route.bodyWait(r.bodyNanos);
            }
            ok = true;
            return r;
        } finally {
            inFlight.remove(c);
            if (ok && !close && c.reusable && !aborted) {
                giveBack(c);
            } else {
                c.close();
            }
        }
    }

    private static byte[] request(
            URI uri, Route route, Map<String, String> headers, byte[] wire, boolean gzip, boolean close)
            throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        // Through a proxy, plain http uses the absolute form; https goes through a tunnel.
        String target = route.proxy != null && !route.https ? "http://" + route.authority() + path : path;
        StringBuilder h = new StringBuilder(256 + headers.size() * 64);
        h.append("POST ").append(target).append(" HTTP/1.1\r\n");
        boolean defaultPort = route.port == (route.https ? 443 : 80);
        String host = route.host.indexOf(':') >= 0 ? "[" + route.host + "]" : route.host;
        h.append("Host: ").append(host);
        if (!defaultPort) {
            h.append(':').append(route.port);
        }
        h.append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name == null || value == null) {
                continue;
            }
            checkHeader(name, value);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")
                    || lower.equals("content-length")
                    || lower.equals("connection")
                    || lower.equals("transfer-encoding")
                    || (gzip && lower.equals("content-encoding"))) {
                continue; // the transport's own business
            }
            userAgent |= lower.equals("user-agent");
            h.append(name).append(": ").append(value).append("\r\n");
        }
        if (!userAgent) {
            h.append("User-Agent: telltale\r\n");
        }
        if (gzip) {
            h.append("Content-Encoding: gzip\r\n");
        }
        if (close) {
            h.append("Connection: close\r\n");
        }
        h.append("Content-Length: ").append(wire.length).append("\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + wire.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(wire, 0, all, head.length, wire.length);
        return all;
    }

    /** Refuses a header that could split the request; the message never quotes the value (it may be a key). */
    private static void checkHeader(String name, String value) throws IOException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':') {
                throw new IOException(
                        "illegal character in a request header name", new IllegalArgumentException("header name"));
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IOException(
                        "illegal character in the value of request header " + name,
                        new IllegalArgumentException("header value"));
            }
        }
    }

    private HttpConnection takeIdle(Route route) {
        long now = System.nanoTime();
        while (true) {
            HttpConnection c;
            synchronized (idle) {
                ArrayDeque<HttpConnection> q = idle.get(route.key());
                c = q == null ? null : q.pollLast(); // the most recently used is the most likely alive
            }
            if (c == null) {
                return null;
            }
            if (now - c.idleSince < MAX_IDLE_NANOS && c.looksAlive()) {
                return c;
            }
            c.close();
        }
    }

    private void giveBack(HttpConnection c) {
        c.idleSince = System.nanoTime();
        HttpConnection evicted = null;
        synchronized (idle) {
            ArrayDeque<HttpConnection> q = idle.get(c.route.key());
            if (q == null) {
                q = new ArrayDeque<>();
                idle.put(c.route.key(), q);
            }
            q.addLast(c);
            if (q.size() > MAX_IDLE_PER_ROUTE) {
                evicted = q.pollFirst();
            }
        }
        if (evicted != null) {
            evicted.close();
        }
        if (aborted) {
            closeIdle();
        }
    }

    private void closeIdle() {
        synchronized (idle) {
            for (ArrayDeque<HttpConnection> q : idle.values()) {
                for (HttpConnection c : q) {
                    c.close();
                }
                q.clear();
            }
        }
    }

    /**
     * Refuses further requests and closes every connection, those in use included: a thread blocked
     * reading from a backend that hangs gets an exception now instead of at its deadline.
     */
    public void abort() {
        aborted = true;
        for (HttpConnection c : inFlight) {
            c.close();
        }
        closeIdle();
    }
}
