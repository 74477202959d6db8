package dev.telltale.servlet.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.servlet.EventSink;
import dev.telltale.servlet.ReceivedEvent;
import dev.telltale.servlet.internal.RequestTracker;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up before its response is written (as a benchmark's or a browser's may) makes
 * the container throw from the response stream; that is not the application failing. Embedded
 * Jetty 12 (ee10) as the servlet benchmark runs it: a plain context, the filter given its client.
 */
class JettyClientAbortTest {
    @TempDir
    Path tmp;

    private EventSink sink;
    private Server server;
    private int port;
    /** Counted down by the servlet once the request is in; the client then hangs up. */
    private final CountDownLatch arrived = new CountDownLatch(1);
    /** Counted down by the test once the client hung up; the servlet then writes. */
    private final CountDownLatch hungUp = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        sink = EventSink.start(tmp.resolve("outbox"), false);
        AppServlet.OuterFilter.CAUGHT.set(null);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        ctx.addServlet(new ServletHolder(new Writer()), "/*");
        ctx.addFilter(new FilterHolder(new AppServlet.OuterFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        ctx.addFilter(new FilterHolder(new TelltaleFilter(sink.client())), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(ctx);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        sink.close();
    }

    /** Waits for the client to hang up, then writes a body (the benchmark's 3 bytes, with its length). */
    private final class Writer extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            if (req.getRequestURI().equals("/broken")) {
                throw new IOException("disk full");
            }
            arrived.countDown();
            try {
                hungUp.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            res.setContentType("text/plain");
            res.setContentLength(body.length);
            res.getOutputStream().write(body); // completes the response: Jetty writes it now, to a reset socket
        }
    }

    @Test
    void clientHangingUpBeforeTheResponseIsNotReportedAndTheExceptionLeavesUnchanged() throws Exception {
        long abortsBefore = RequestTracker.clientAborts();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream()
                    .write("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(arrived.await(5, TimeUnit.SECONDS), "the request reached the servlet");
            s.setSoLinger(true, 0); // close with a reset, as a client killed mid-request does
        }
        Thread.sleep(100); // let the reset reach the server's socket before the servlet writes
        hungUp.countDown();
        Throwable escaped = awaitCaught();
        assertNotNull(escaped, "the container's exception left the Telltale filter");
        assertEquals("org.eclipse.jetty.io.EofException", escaped.getClass().getName(), String.valueOf(escaped));
        assertEquals(List.of(), sink.settled(), "a client abort is not an application error");
        assertEquals(abortsBefore + 1, RequestTracker.clientAborts());
    }

    @Test
    void anIOExceptionOfTheApplicationIsStillReported() throws Exception {
        long abortsBefore = RequestTracker.clientAborts();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream()
                    .write("GET /broken HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String status = statusLine(s.getInputStream());
            assertTrue(status.startsWith("HTTP/1.1 500"), status);
        }
        List<ReceivedEvent> events = sink.await(1);
        assertEquals("java.io.IOException", events.get(0).exceptionType());
        assertEquals("disk full", events.get(0).exceptionMessage());
        assertEquals(abortsBefore, RequestTracker.clientAborts());
    }

    private static Throwable awaitCaught() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (AppServlet.OuterFilter.CAUGHT.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return AppServlet.OuterFilter.CAUGHT.get();
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
            line.append((char) c);
        }
        return line.toString();
    }
}
