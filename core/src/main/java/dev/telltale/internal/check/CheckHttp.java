package dev.telltale.internal.check;

import dev.telltale.destination.HttpResponse;
import dev.telltale.destination.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The small HTTP client of the setup check and the release registration: every request has a
 * connect and a read timeout, and the whole run has a deadline after which a request still in
 * flight is cut ({@link HttpURLConnection#disconnect()} from a daemon timer). Independent of the
 * delivery transport on purpose: a check must never leave anything in the outbox or wait on a
 * lane. Never follows redirects (a token must not travel to another host).
 */
final class CheckHttp implements Transport, AutoCloseable {
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final long deadlineNanos;
    private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
    private final Timer timer = new Timer("telltale-check-deadline", true);
    private volatile boolean closed;

    CheckHttp(int connectTimeoutMillis, int readTimeoutMillis, long deadlineNanos) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadlineNanos = deadlineNanos;
        long ms = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
        timer.schedule(
                new TimerTask() {
                    @Override
                    public void run() {
                        abort();
                    }
                },
                ms);
    }

    /** Milliseconds left before the deadline (0 when past). */
    long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    HttpResponse get(String url, Map<String, String> headers) throws IOException {
        return send("GET", url, headers, null, false);
    }

    HttpResponse postJson(String url, Map<String, String> headers, byte[] body) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        return send("POST", url, h, body, false);
    }

    @Override
    public HttpResponse post(String url, Map<String, String> headers, byte[] body, boolean gzip) throws IOException {
        return send("POST", url, headers, body, gzip);
    }

    private HttpResponse send(String method, String url, Map<String, String> headers, byte[] body, boolean gzip)
            throws IOException {
        long left = remainingMillis();
        if (closed || left <= 0) {
            throw new SocketTimeoutException("the check's time is up");
        }
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        inFlight.add(c);
        try {
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout((int) Math.max(1, Math.min(connectTimeoutMillis, left)));
            c.setReadTimeout((int) Math.max(1, Math.min(readTimeoutMillis, left)));
            c.setRequestMethod(method);
            for (Map.Entry<String, String> e : headers.entrySet()) {
                c.setRequestProperty(e.getKey(), e.getValue());
            }
            if (body != null) {
                byte[] out = gzip ? gzip(body) : body;
                if (gzip) {
                    c.setRequestProperty("Content-Encoding", "gzip");
                }
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(out.length);
                try (OutputStream os = c.getOutputStream()) {
                    os.write(out);
                }
            }
            int status = c.getResponseCode();
            Map<String, String> h = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
                if (e.getKey() != null && e.getValue() != null && !e.getValue().isEmpty()) {
                    h.put(e.getKey(), String.join(", ", e.getValue()));
                }
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new HttpResponse(status, h, in == null ? new byte[0] : read(in));
        } catch (IOException e) {
            if (closed || remainingMillis() <= 0) {
                throw new SocketTimeoutException("the check's time is up");
            }
            throw e;
        } finally {
            inFlight.remove(c);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.read(buf)) >= 0) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(body);
        }
        return bos.toByteArray();
    }

    /** Sleeps up to {@code millis}, never past the deadline. @return false when the deadline came first */
    boolean pause(long millis) throws InterruptedIOException {
        long left = remainingMillis();
        if (left <= 0) {
            return false;
        }
        try {
            Thread.sleep(Math.min(millis, left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        return remainingMillis() > 0;
    }

    /** Cuts every request in flight; later requests fail at once. */
    void abort() {
        closed = true;
        for (HttpURLConnection c : inFlight) {
            c.disconnect();
        }
    }

    @Override
    public void close() {
        abort();
        timer.cancel();
    }
}
