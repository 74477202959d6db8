package dev.telltale.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The one HTTP endpoint every SDK delivers to, inside the benchmark's JVM on 127.0.0.1. Answers 200
 * to everything and counts what arrived: events in Sentry envelopes ({@code /api/N/envelope/}),
 * BugSnag notifications ({@code /notify}), and Telltale's bench destination ({@code /telltale}).
 * It also reads Sentry's client reports, which is how sentry-java reports the events it dropped.
 */
public final class LoopbackSink implements AutoCloseable {
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern LENGTH = Pattern.compile("\"length\"\\s*:\\s*(\\d+)");
    private static final Pattern DISCARD = Pattern.compile("\\{[^{}]*\"category\"\\s*:\\s*\"error\"[^{}]*}");
    private static final Pattern QUANTITY = Pattern.compile("\"quantity\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final ExecutorService pool;
    private final LongAdder requests = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder reportedDiscarded = new LongAdder();
    /** The start of the last event received, for a benchmark to show an event it did not expect. */
    private volatile String lastEvent = "";

    private LoopbackSink(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static LoopbackSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-sink");
            t.setDaemon(true);
            return t;
        });
        LoopbackSink sink = new LoopbackSink(server, pool);
        server.createContext("/", sink::handle);
        server.setExecutor(pool);
        server.start();
        return sink;
    }

    /** A loopback port where nothing listens (connections are refused): the sink is down. */
    public static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT} */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public long requests() {
        return requests.sum();
    }

    /** Error events received, whatever the SDK. */
    public long events() {
        return events.sum();
    }

    /** Error events that sentry-java said (in client reports) it discarded. */
    public long reportedDiscarded() {
        return reportedDiscarded.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = readAll(ex);
            requests.increment();
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/envelope/")) {
                countEnvelopeInto(body);
            } else if (path.startsWith("/notify") || path.startsWith("/telltale")) {
                events.increment();
                lastEvent = head(body, 0, body.length);
            }
            // No body: the JDK server writes a body as a second small TCP segment, and Nagle plus
            // the client's delayed ACK then stall every client that reads the response to the end
            // (as keep-alive requires) by ~40 ms. An empty 200 is one segment.
            ex.sendResponseHeaders(200, -1);
        } finally {
            ex.close();
        }
    }

    private static String head(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, Math.min(to, from + 2000) - from), StandardCharsets.UTF_8);
    }

    /** The first 2000 bytes of the last event received ("" if none). */
    public String lastEvent() {
        return lastEvent;
    }

    private static byte[] readAll(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** A Sentry envelope's error events and the error events its client reports say were discarded. */
    static long[] countEvents(byte[] b) {
        LoopbackSink probe = new LoopbackSink(null, null);
        probe.countEnvelopeInto(b);
        return new long[] {probe.events.sum(), probe.reportedDiscarded.sum()};
    }

    /** A Sentry envelope: header line, then items (header line, payload of "length" bytes or one line). */
    private void countEnvelopeInto(byte[] b) {
        int pos = lineEnd(b, 0) + 1;
        while (pos < b.length) {
            int end = lineEnd(b, pos);
            String header = new String(b, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            if (header.isBlank()) {
                continue;
            }
            Matcher len = LENGTH.matcher(header);
            int payloadEnd = len.find() ? Math.min(b.length, pos + Integer.parseInt(len.group(1))) : lineEnd(b, pos);
            Matcher type = TYPE.matcher(header);
            String t = type.find() ? type.group(1) : "";
            if (t.equals("event")) {
                events.increment();
                lastEvent = head(b, pos, payloadEnd);
            } else if (t.equals("client_report")) {
                Matcher d = DISCARD.matcher(new String(b, pos, payloadEnd - pos, StandardCharsets.UTF_8));
                while (d.find()) {
                    Matcher q = QUANTITY.matcher(d.group());
                    if (q.find()) {
                        reportedDiscarded.add(Long.parseLong(q.group(1)));
                    }
                }
            }
            pos = payloadEnd + 1;
        }
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
