package dev.telltale.internal.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server written on a bare {@link ServerSocket}, so that it can misbehave in
 * ways real servers do not offer: every {@link Mode} of the reliability suite. It records each
 * request it read in full; {@link #accepted()} lists the bodies it answered with a 2xx (what a real
 * backend would have kept).
 */
final class FaultServer implements AutoCloseable {
    enum Mode {
        /** 200 with a small JSON body, keep-alive. */
        OK,
        /** 503, keep-alive. */
        ERROR_503,
        /** 429 with Retry-After: 1. */
        TOO_MANY_429,
        /** Reads the request, then resets the connection. */
        RESET,
        /** Reads the request and never answers. */
        HANG,
        /** Sends a 200 one byte every 200 ms. */
        DRIP,
        /** 200 with a chunked body that never ends. */
        ENDLESS_BODY,
        /** 200 with 100 KiB of headers. */
        HUGE_HEADERS,
        /** 200 with an HTML page (a captive portal or a misconfigured proxy). */
        HTML_200,
        /** 200 announcing 100 bytes and closing after 10. */
        TRUNCATED_BODY,
        /** 307 to the same path on another host name (localhost instead of 127.0.0.1). */
        REDIRECT_OTHER_HOST,
        /** 308 to another path on the same host. */
        REDIRECT_SAME_HOST
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> heads = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    volatile Mode mode;
    private volatile boolean closed;

    FaultServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "fault-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Bodies of the requests answered with a 2xx, in the order they were read. */
    List<String> accepted() {
        synchronized (accepted) {
            return new ArrayList<>(accepted);
        }
    }

    /** Request heads (lower-cased names; ":path" holds the request target). */
    List<Map<String, String>> heads() {
        synchronized (heads) {
            return new ArrayList<>(heads);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "fault-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (Socket sock = s) {
            InputStream in = new BufferedInputStream(sock.getInputStream());
            OutputStream out = sock.getOutputStream();
            while (!closed) {
                Map<String, String> head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = Integer.parseInt(head.getOrDefault("content-length", "0"));
                byte[] body = new byte[length];
                for (int got = 0; got < length; ) {
                    int n = in.read(body, got, length - got);
                    if (n < 0) {
                        return;
                    }
                    got += n;
                }
                requests.incrementAndGet();
                heads.add(head);
                if (!answer(sock, out, new String(body, StandardCharsets.UTF_8))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // the client went away, or the mode ends the connection
        }
    }

    /** @return whether the connection stays open for another request */
    private boolean answer(Socket sock, OutputStream out, String body) throws IOException, InterruptedException {
        Mode m = mode;
        switch (m) {
            case OK:
                accepted.add(body);
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
                return true;
            case ERROR_503:
                write(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
                return true;
            case TOO_MANY_429:
                write(out, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
                return true;
            case RESET:
                sock.setSoLinger(true, 0);
                return false;
            case HANG:
                while (!closed && mode == Mode.HANG) {
                    Thread.sleep(20);
                }
                return false;
            case DRIP: {
                byte[] r = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                for (byte b : r) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
                accepted.add(body);
                return false;
            }
            case ENDLESS_BODY: {
                accepted.add(body);
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                byte[] chunk = ("400\r\n" + repeat('x', 1024) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                while (!closed) {
                    out.write(chunk);
                }
                return false;
            }
            case HUGE_HEADERS: {
                StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
                for (int i = 0; i < 100; i++) {
                    b.append("X-Filler-")
                            .append(i)
                            .append(": ")
                            .append(repeat('y', 1000))
                            .append("\r\n");
                }
                write(out, b.append("Content-Length: 0\r\n\r\n").toString());
                return false;
            }
            case HTML_200: {
                accepted.add(body);
                String html = "<html><body>Please log in</body></html>";
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + html.length() + "\r\n\r\n"
                                + html);
                return true;
            }
            case TRUNCATED_BODY:
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ok\":tru");
                return false;
            case REDIRECT_OTHER_HOST:
                write(
                        out,
                        "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://localhost:" + port()
                                + "/elsewhere?k=SECRET\r\nContent-Length: 0\r\n\r\n");
                return true;
            case REDIRECT_SAME_HOST:
                // Only the first hop redirects: the target answers as OK does.
                mode = Mode.OK;
                write(out, "HTTP/1.1 308 Permanent Redirect\r\nLocation: /moved\r\nContent-Length: 0\r\n\r\n");
                return true;
            default:
                throw new IllegalStateException(String.valueOf(m));
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String repeat(char c, int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, c);
        return new String(a);
    }

    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> head = new LinkedHashMap<>();
        String line;
        boolean first = true;
        while ((line = readLine(in)) != null) {
            if (line.isEmpty()) {
                if (first) {
                    continue;
                }
                return head;
            }
            if (first) {
                String[] parts = line.split(" ");
                head.put(":method", parts[0]);
                head.put(":path", parts.length > 1 ? parts[1] : "");
                first = false;
            } else {
                int colon = line.indexOf(':');
                head.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing
                }
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
