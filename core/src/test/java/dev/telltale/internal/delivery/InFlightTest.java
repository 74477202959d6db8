package dev.telltale.internal.delivery;

import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several requests in flight per lane (issue 14), against the JDK's own HTTP server with a handler
 * that holds its answers until the test lets them go: the bound is reached and never passed, a rate
 * limit stops every slot, and every event is accounted for exactly once.
 */
class InFlightTest {
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");

    private HttpServer server;
    private ExecutorService pool;
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final List<String> received = Collections.synchronizedList(new ArrayList<String>());
    /** Arrival times (nanoTime) of every request. */
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<Long>());

    private volatile CountDownLatch release = new CountDownLatch(1);
    /** While positive, that many requests are answered 429 with this Retry-After (seconds). */
    private final AtomicInteger refuse = new AtomicInteger();

    private volatile String retryAfter = "1";

    @TempDir
    Path outbox;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        pool = Executors.newFixedThreadPool(32);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        arrivals.add(System.nanoTime());
        String body = read(x.getRequestBody());
        int in = now.incrementAndGet();
        most.accumulateAndGet(in, Math::max);
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        now.decrementAndGet();
        boolean limited = refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (limited) {
            x.getResponseHeaders().add("Retry-After", retryAfter);
        } else {
            Matcher m = MESSAGE.matcher(body);
            received.add(m.find() ? m.group(1) : body);
        }
        byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(limited ? 429 : 200, ok.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(ok);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
        }
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    private TelltaleClient client(int maxInFlight) {
        return TelltaleClient.start(Pipelines.concurrentOptions(outbox, uri())
                .set("max-in-flight", Integer.toString(maxInFlight))
                .build());
    }

    @Test
    void aBacklogGoesOutWithAsManyRequestsInFlightAsAllowedAndNeverMore() {
        try (TelltaleClient c = client(4)) {
            for (int i = 0; i < 20; i++) {
                c.captureMessage("m" + i, Level.WARNING);
            }
            await(20_000, () -> now.get() == 4, () -> "requests held by the server: " + now.get() + "; " + c.stats());
            assertEquals(4, most.get(), "never more than max-in-flight at once");
            release.countDown();
            // counted sent just before it leaves memory or the outbox: wait for both
            await(
                    20_000,
                    () -> stats(c).sent() == 20 && stats(c).pending() == 0,
                    () -> c.stats().toString());
            assertEquals(4, most.get(), "never more than max-in-flight at once");
            assertEquals(20, new HashSet<>(received).size(), "each event once: " + received);
            assertEquals(20, received.size(), "each event once: " + received);
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(0, s.droppedTotal());
            assertEquals(0, s.retried());
            assertEquals(0, s.pending());
        }
    }

    @Test
    void maxInFlightOneKeepsOneRequestAtATimeAndTheCaptureOrder() {
        release.countDown(); // answer at once
        try (TelltaleClient c = client(1)) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                sent.add("o" + i);
                c.captureMessage("o" + i, Level.WARNING);
            }
            await(20_000, () -> stats(c).sent() == 12, () -> c.stats().toString());
            assertEquals(1, most.get());
            assertEquals(sent, received);
        }
    }

    @Test
    void aRateLimitStopsEverySlotUntilItEndsAndNothingIsLostOrCountedTwice() {
        refuse.set(4); // the four requests in flight are all answered 429 Retry-After: 1
        try (TelltaleClient c = client(4)) {
            for (int i = 0; i < 10; i++) {
                c.captureMessage("r" + i, Level.WARNING);
            }
            await(20_000, () -> now.get() == 4, () -> "held: " + now.get() + "; " + c.stats());
            long answered = System.nanoTime();
            release.countDown();
            await(
                    30_000,
                    () -> stats(c).sent() == 10 && stats(c).pending() == 0,
                    () -> c.stats().toString());
            List<Long> at;
            synchronized (arrivals) {
                at = new ArrayList<>(arrivals);
            }
            Collections.sort(at);
            for (Long t : at.subList(4, at.size())) {
                assertTrue(
                        t - answered >= TimeUnit.MILLISECONDS.toNanos(950),
                        "a request came " + TimeUnit.NANOSECONDS.toMillis(t - answered)
                                + " ms after the 429s, within the Retry-After");
            }
            assertEquals(14, at.size(), "four refused, then each of the ten once");
            assertEquals(10, new HashSet<>(received).size(), "each event delivered once: " + received);
            assertEquals(10, received.size(), "each event delivered once: " + received);
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(0, s.droppedTotal());
            assertEquals(0, s.pending());
        }
    }

    @Test
    void closeWithEveryRequestHangingKeepsEveryEventOnDiskAndLeavesNoThread() throws Exception {
        TelltaleClient c = TelltaleClient.start(Pipelines.concurrentOptions(outbox, uri())
                .set("read-timeout-ms", "60000")
                .set("shutdown-timeout-ms", "500")
                .build());
        for (int i = 0; i < 10; i++) {
            c.captureMessage("h" + i, Level.WARNING);
        }
        await(20_000, () -> now.get() == 4, () -> "held: " + now.get() + "; " + c.stats());
        c.close();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().startsWith("telltale-") || !t.isAlive(), "left behind: " + t.getName());
        }
        assertEquals(10, filesIn(outbox), "the four cut requests and the six waiting are in the outbox: " + c.stats());
        assertEquals(0, stats(c).droppedTotal(), c.stats().toString());

        release.countDown(); // the held requests may still be answered: at-least-once for those four
        try (TelltaleClient next =
                TelltaleClient.start(Pipelines.concurrentOptions(outbox, uri()).build())) {
            await(20_000, () -> stats(next).sent() == 10, () -> next.stats().toString());
        }
        assertEquals(10, new HashSet<>(received).size(), "every event arrived: " + received);
        assertTrue(received.size() <= 14, "only the four cut requests may arrive twice: " + received);
        assertEquals(0, filesIn(outbox));
    }

    private String uri() {
        return "testhttp://127.0.0.1:" + server.getAddress().getPort() + "/x";
    }

    private static long filesIn(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(Outbox.SUFFIX))
                    .count();
        }
    }
}
