package dev.telltale.bench;

import com.bugsnag.servlet.jakarta.BugsnagServletRequestListener;
import dev.telltale.bench.sdk.Reporter;
import dev.telltale.bench.sdk.TelltaleReporter;
import dev.telltale.servlet.jakarta.TelltaleFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * (4) Per-request cost of each SDK's servlet integration on a request that does not fail: embedded
 * Jetty 12 (ee10) on 127.0.0.1 serving a trivial servlet, one client thread on the same machine
 * sending GETs over a kept-alive connection. The overhead is the time over {@code none}.
 *
 * <p>sentry-java has no servlet integration in {@code io.sentry:sentry} (it ships one as a separate
 * artifact), so it has no row here. bugsnag-java has its request listener in its core artifact.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ServletFilterBenchmark {
    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"none", "telltale", "bugsnag"})
    public String filter;

    private LoopbackSink sink;
    private Reporter reporter;
    private Server server;
    private URL url;
    private final byte[] buffer = new byte[256];

    @Setup(Level.Trial)
    public void start() throws Exception {
        // Keep-alive is HttpURLConnection's default; say so in case a JVM-wide setting turned it off.
        System.setProperty("http.keepAlive", "true");
        sink = LoopbackSink.start();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Trivial()), "/hello");
        switch (filter) {
            case "none":
                break;
            case "telltale":
                reporter = Reporter.start("telltale", sink.hostPort(), true);
                context.addFilter(
                        new FilterHolder(new TelltaleFilter(((TelltaleReporter) reporter).client())),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                break;
            case "bugsnag":
                reporter = Reporter.start("bugsnag", sink.hostPort(), true);
                context.addEventListener(new BugsnagServletRequestListener());
                break;
            default:
                throw new IllegalArgumentException(filter);
        }
        server.setHandler(context);
        server.start();
        url = new URL("http://127.0.0.1:" + connector.getLocalPort() + "/hello");
        if (request() != BODY.length) {
            throw new IllegalStateException("unexpected response from " + url);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
        String stats = reporter instanceof TelltaleReporter ? ((TelltaleReporter) reporter).stats() : "";
        if (reporter != null) {
            reporter.close();
        }
        sink.close();
        // Every request succeeded, so an event here is a finding, not a harness failure: say so
        // (in JMH's output) and keep the timing.
        if (sink.events() != 0) {
            System.err.println("bench: " + filter + " sent " + sink.events() + " events for requests that did not fail "
                    + stats + "; last event: " + sink.lastEvent());
        }
    }

    /** One GET, its body read to the end so that the connection goes back to the keep-alive cache. */
    @Benchmark
    public int request() throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        if (c.getResponseCode() != 200) {
            throw new IllegalStateException("HTTP " + c.getResponseCode());
        }
        int n = 0;
        try (InputStream in = c.getInputStream()) {
            for (int r; (r = in.read(buffer)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    /** The application: a fixed short body with its length, so Jetty sends it in one write. */
    static final class Trivial extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            res.setContentLength(BODY.length);
            res.getOutputStream().write(BODY);
        }
    }
}
