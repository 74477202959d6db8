package dev.telltale.bench;

import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Servers the delivery benchmarks run against, each answering as the real backends do (200 with a
 * small JSON body, like Sentry's {@code {"id":…}}): {@code jdk} (the JDK's
 * {@code com.sun.net.httpserver}, which writes a response's head and body separately),
 * {@code jetty} (embedded Jetty 12), and {@code sink} ({@link LoopbackSink}, the bench's own, which
 * answers an empty 200). Optionally {@code latencyMillis} before each answer. Counts error events
 * (Sentry envelopes, BugSnag notifications).
 */
public final class Backends implements AutoCloseable {
    private static final Pattern BUGSNAG_EVENT = Pattern.compile("\"exceptions\"\\s*:");
    private static final byte[] ANSWER =
            "{\"id\":\"0123456789abcdef0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8);

    private final LongAdder events = new LongAdder();
    private final LongAdder discarded = new LongAdder();
    private final long latencyMillis;
    private HttpServer jdk;
    private ExecutorService pool;
    private Server jetty;
    private LoopbackSink sink;
    private int port;

    private Backends(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public static Backends start(String kind, long latencyMillis) throws Exception {
        Backends b = new Backends(latencyMillis);
        switch (kind) {
            case "jdk":
                b.startJdk();
                break;
            case "jetty":
                b.startJetty();
                break;
            case "sink":
                if (latencyMillis > 0) {
                    throw new IllegalArgumentException("the sink has no latency option");
                }
                b.sink = LoopbackSink.start();
                b.port = b.sink.port();
                break;
            default:
                throw new IllegalArgumentException("server: jdk, jetty or sink");
        }
        return b;
    }

    private void startJdk() throws IOException {
        jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "bench-jdk-server");
            t.setDaemon(true);
            return t;
        });
        jdk.createContext("/", ex -> {
            try {
                count(
                        ex.getRequestURI().getPath(),
                        read(ex.getRequestBody(), ex.getRequestHeaders().getFirst("Content-Encoding")));
                pause();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, ANSWER.length);
                ex.getResponseBody().write(ANSWER);
            } finally {
                ex.close();
            }
        });
        jdk.setExecutor(pool);
        jdk.start();
        port = jdk.getAddress().getPort();
    }

    private void startJetty() throws Exception {
        jetty = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 8));
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
                        count(req.getRequestURI(), read(req.getInputStream(), req.getHeader("Content-Encoding")));
                        pause();
                        res.setContentType("application/json");
                        res.setContentLength(ANSWER.length);
                        res.getOutputStream().write(ANSWER);
                    }
                }),
                "/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    private void pause() {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void count(String path, byte[] body) {
        if (path.endsWith("/envelope/")) {
            long[] c = LoopbackSink.countEvents(body);
            events.add(c[0]);
            discarded.add(c[1]);
        } else if (path.startsWith("/notify") || path.equals("/")) {
            Matcher m = BUGSNAG_EVENT.matcher(new String(body, StandardCharsets.UTF_8));
            while (m.find()) {
                events.increment();
            }
        }
    }

    private static byte[] read(InputStream in, String encoding) throws IOException {
        InputStream s = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        for (int n; (n = s.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public long events() {
        return sink != null ? sink.events() : events.sum();
    }

    /** Error events sentry-java said (in client reports) it discarded. */
    public long reportedDiscarded() {
        return sink != null ? sink.reportedDiscarded() : discarded.sum();
    }

    @Override
    public void close() throws Exception {
        if (jdk != null) {
            jdk.stop(0);
            pool.shutdownNow();
        }
        if (jetty != null) {
            jetty.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }
}
