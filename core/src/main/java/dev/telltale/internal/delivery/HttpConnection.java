package dev.telltale.internal.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection (plain, TLS, or TLS through a proxy's CONNECT tunnel) that carries one
 * exchange at a time. Why not {@code HttpURLConnection}: it leaves {@code TCP_NODELAY} off, and it
 * cannot bound a request as a whole (its read timeout bounds each read, so a server dripping one
 * byte at a time holds the thread indefinitely). Here the request head and body go out in one write
 * with Nagle off, and every read is given only what is left of the request's deadline.
 */
final class HttpConnection {
    /** Most bytes of a response head (status line and headers). */
    static final int MAX_HEAD_BYTES = 32 * 1024;

    final Route route;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** When the connection was set up (nanos), to compare with the cost of keeping it. */
    final long setupNanos;

    long idleSince;
    boolean reusable = true;
    /** Exchanges done on this connection. */
    int uses;

    private HttpConnection(Route route, Socket socket, long setupNanos) throws IOException {
        this.route = route;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
        this.setupNanos = setupNanos;
    }

    /** Connects (through the route's proxy, if any), with TLS and host name verification for https. */
    static HttpConnection open(Route route, int connectTimeoutMillis, Deadline deadline) throws IOException {
        long start = System.nanoTime();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            InetSocketAddress target =
                    route.proxy != null ? route.proxy : new InetSocketAddress(route.host, route.port);
            if (target.isUnresolved()) {
                target = new InetSocketAddress(target.getHostString(), target.getPort());
                if (target.isUnresolved()) {
                    throw new IOException("unknown host");
                }
            }
            s.connect(target, deadline.timeout(connectTimeoutMillis));
            Socket wire = s;
            if (route.proxy != null && route.https) {
                tunnel(s, route, deadline);
            }
            if (route.https) {
                wire = tls(s, route, deadline);
            }
            return new HttpConnection(route, wire, System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Asks an HTTP proxy for a tunnel to the route's host ({@code CONNECT host:port}). */
    private static void tunnel(Socket s, Route route, Deadline deadline) throws IOException {
        String authority = route.authority();
        String req = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream raw = s.getInputStream();
        // Read byte by byte: nothing after the proxy's head may be consumed (it belongs to TLS).
        s.setSoTimeout(deadline.timeout(Integer.MAX_VALUE));
        String status = readLine(raw, deadline, s, Integer.MAX_VALUE);
        int code = statusCode(status);
        int size = status.length();
        for (String line = readLine(raw, deadline, s, Integer.MAX_VALUE);
                !line.isEmpty();
                line = readLine(raw, deadline, s, Integer.MAX_VALUE)) {
            size += line.length();
            if (size > MAX_HEAD_BYTES) {
                throw new IOException("proxy answer too large");
            }
        }
        if (code != 200) {
            throw new IOException("proxy refused the tunnel (HTTP " + code + ")");
        }
    }

    private static Socket tls(Socket plain, Route route, Deadline deadline) throws IOException {
        SSLSocket ssl = (SSLSocket)
                ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, route.host, route.port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        if (!Route.isIpLiteral(route.host)) {
            p.setServerNames(Collections.singletonList(new SNIHostName(route.host)));
        }
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(deadline.timeout(Integer.MAX_VALUE));
        ssl.startHandshake();
        return ssl;
    }

    /**
     * Sends the request (head and body in one write) and reads the response within the deadline.
     * The body read is capped at {@code maxBody} bytes; a longer one ends the connection's reuse.
     */
    HttpResponseData exchange(byte[] request, Deadline deadline, int readTimeoutMillis, int maxBody)
            throws IOException {
        uses++;
        out.write(request);
        out.flush();
        int status;
        Map<String, String> headers;
        boolean http10;
        while (true) {
            socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
            String statusLine = readLine(in, deadline, socket, readTimeoutMillis);
            status = statusCode(statusLine);
            http10 = statusLine.startsWith("HTTP/1.0");
            headers = readHeaders(deadline, readTimeoutMillis);
            if (status >= 200 || status == 101) {
                break; // 1xx (100 Continue, 103 Early Hints) precede the real answer
            }
        }
        long headAt = System.nanoTime();
        String connection = lower(headers.get("connection"));
        if (http10 ? !connection.contains("keep-alive") : connection.contains("close")) {
            reusable = false;
        }
        byte[] body;
        String te = lower(headers.get("transfer-encoding"));
        String cl = headers.get("content-length");
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (te.contains("chunked")) {
            body = readChunked(deadline, readTimeoutMillis, maxBody);
        } else if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
            }
            if (length < 0) {
                throw new IOException("malformed Content-Length");
            }
            body = readFixed(length, deadline, readTimeoutMillis, maxBody);
        } else {
            reusable = false; // the body ends when the server closes
            body = readToEnd(deadline, readTimeoutMillis, maxBody);
        }
        return new HttpResponseData(status, headers, body, System.nanoTime() - headAt);
    }

    private Map<String, String> readHeaders(Deadline deadline, int readTimeoutMillis) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int size = 0;
        while (true) {
            socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
            String line = readLine(in, deadline, socket, readTimeoutMillis);
            if (line.isEmpty()) {
                return headers;
            }
            size += line.length() + 2;
            if (size > MAX_HEAD_BYTES) {
                throw new IOException("response headers larger than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String before = headers.get(name);
            headers.put(name, before == null ? value : before + "," + value);
        }
    }

    private byte[] readFixed(long length, Deadline deadline, int readTimeoutMillis, int maxBody) throws IOException {
        int keep = (int) Math.min(length, maxBody);
        byte[] body = new byte[keep];
        int got = 0;
        while (got < keep) {
            socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
            int n = in.read(body, got, keep - got);
            if (n < 0) {
                throw new EOFException("response body shorter than its Content-Length");
            }
            got += n;
            deadline.check();
        }
        if (length > keep) {
            reusable = false; // the rest is not worth reading: the connection is dropped instead
        }
        return body;
    }

    private byte[] readChunked(Deadline deadline, int readTimeoutMillis, int maxBody) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
            String sizeLine = readLine(in, deadline, socket, readTimeoutMillis);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk");
            }
            if (size < 0) {
                throw new IOException("malformed chunk");
            }
            if (size == 0) {
                readHeaders(deadline, readTimeoutMillis); // trailers
                return body.toByteArray();
            }
            long left = size;
            while (left > 0) {
                if (body.size() >= maxBody) {
                    reusable = false; // endless or huge: stop reading, drop the connection
                    return body.toByteArray();
                }
                socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
                int n = in.read(buf, 0, (int) Math.min(buf.length, Math.min(left, maxBody - body.size())));
                if (n < 0) {
                    throw new EOFException("response ended inside a chunk");
                }
                body.write(buf, 0, n);
                left -= n;
                deadline.check();
            }
            if (!readLine(in, deadline, socket, readTimeoutMillis).isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }
    }

    private byte[] readToEnd(Deadline deadline, int readTimeoutMillis, int maxBody) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (body.size() < maxBody) {
            socket.setSoTimeout(deadline.timeout(readTimeoutMillis));
            int n = in.read(buf, 0, Math.min(buf.length, maxBody - body.size()));
            if (n < 0) {
                break;
            }
            body.write(buf, 0, n);
            deadline.check();
        }
        return body.toByteArray();
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1, at most {@link #MAX_HEAD_BYTES} long. */
    private static String readLine(InputStream in, Deadline deadline, Socket s, int perRead) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                deadline.check();
                throw e;
            }
            if (c < 0) {
                throw new EOFException(b.length() == 0 ? "connection closed without a response" : "response cut short");
            }
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            if (b.length() >= MAX_HEAD_BYTES) {
                throw new IOException("response line longer than " + MAX_HEAD_BYTES + " bytes");
            }
            b.append((char) c);
            if ((b.length() & 63) == 0) {
                deadline.check(); // a server dripping a byte at a time
                s.setSoTimeout(deadline.timeout(perRead));
            }
        }
    }

    private static int statusCode(String statusLine) throws IOException {
        // HTTP/1.1 200 OK
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("malformed HTTP response");
        }
        try {
            int code = Integer.parseInt(statusLine.substring(9, 12));
            if (code < 100 || code > 999) {
                throw new IOException("malformed HTTP status");
            }
            return code;
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status");
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** Whether an idle connection still looks usable: not closed, and the server sent nothing unasked. */
    boolean looksAlive() {
        try {
            return !socket.isClosed() && !socket.isInputShutdown() && in.available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to do
        }
    }

    /** What a connection read: the caller turns it into the SPI's {@code HttpResponse}. */
    static final class HttpResponseData {
        final int status;
        final Map<String, String> headers;
        final byte[] body;
        /** From the end of the head to the end of the body: a server that splits them and waits for our ACK shows here. */
        final long bodyNanos;

        HttpResponseData(int status, Map<String, String> headers, byte[] body, long bodyNanos) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.bodyNanos = bodyNanos;
        }
    }

    /** The whole-request deadline every connect, handshake and read is bounded by. */
    static final class Deadline {
        private final long end;

        Deadline(long millis) {
            this.end = System.nanoTime() + millis * 1_000_000L;
        }

        long leftMillis() {
            return (end - System.nanoTime()) / 1_000_000L;
        }

        /** A socket timeout: the smaller of {@code perRead} and what is left (at least 1 ms). */
        int timeout(int perRead) throws IOException {
            long left = leftMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
            return (int) Math.max(1, Math.min(perRead, left));
        }

        void check() throws IOException {
            if (end - System.nanoTime() <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
        }
    }
}
