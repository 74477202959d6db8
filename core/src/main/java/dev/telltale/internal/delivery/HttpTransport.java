package dev.telltale.internal.delivery;

import dev.telltale.config.Settings;
import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The JDK's {@link HttpURLConnection}: no dependency, keep-alive connection reuse (the response is
 * always read to the end), configured timeouts, JDK or configured proxy, TLS verified by the JDK's
 * defaults (never relaxed).
 */
public final class HttpTransport implements Transport {
    /** Most response bytes read; the rest is drained and discarded. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Proxy proxy;
    /** Connections being used right now, so that close can cut a request to a hanging backend. */
    private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
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
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))));
    }

    public static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(body);
        }
        return bos.toByteArray();
    }

    @Override
    public HttpResponse post(String url, Map<String, String> headers, byte[] body, boolean gzip) throws IOException {
        URL u = new URL(url);
        String protocol = u.getProtocol();
        if (!"http".equals(protocol) && !"https".equals(protocol)) {
            throw new IOException("not an http(s) URL: " + protocol);
        }
        if (aborted) {
            throw new IOException("transport closed");
        }
        HttpURLConnection c = (HttpURLConnection) (proxy == null ? u.openConnection() : u.openConnection(proxy));
        inFlight.add(c);
        try {
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            byte[] wire = body;
            if (gzip) {
                wire = gzip(body);
                c.setRequestProperty("Content-Encoding", "gzip");
            }
            c.setFixedLengthStreamingMode(wire.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(wire);
            }
            int status = c.getResponseCode();
            if (status < 0) {
                throw new IOException("malformed HTTP response");
            }
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
                if (e.getKey() != null && e.getValue() != null && !e.getValue().isEmpty()) {
                    responseHeaders.put(e.getKey(), String.join(",", e.getValue()));
                }
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] responseBody = readBounded(in);
            return new HttpResponse(status, responseHeaders, responseBody);
        } catch (IOException | RuntimeException e) {
            c.disconnect(); // a broken connection must not go back to the keep-alive pool
            throw e instanceof IOException ? (IOException) e : new IOException(e.toString());
        } finally {
            inFlight.remove(c);
        }
    }

    /**
     * Refuses further requests and disconnects those in progress: a thread blocked reading from a
     * backend that hangs gets an exception now instead of at its read timeout.
     */
    public void abort() {
        aborted = true;
        for (HttpURLConnection c : inFlight) {
            try {
                c.disconnect();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.read(buf)) > 0) {
                if (out.size() < MAX_RESPONSE_BYTES) {
                    out.write(buf, 0, Math.min(n, MAX_RESPONSE_BYTES - out.size()));
                }
            }
            return out.toByteArray();
        }
    }
}
