package dev.telltale.destination.bugsnag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.testkit.JsonTree;
import dev.telltale.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BugSnag backlog goes out several events per notify request (issue 14), against the JDK's own
 * HTTP server: every event arrives exactly once, and a batch the server refuses as too large is
 * split until it fits.
 */
class BugsnagBatchTest {
    private HttpServer server;
    private volatile boolean down = true;
    /** A notify request with more events than this is answered 413 (0: no limit). */
    private volatile int mostEvents;
    /** The events of each accepted notify request (their messages). */
    private final List<List<String>> accepted = Collections.synchronizedList(new ArrayList<List<String>>());

    private final List<Integer> refusedSizes = Collections.synchronizedList(new ArrayList<Integer>());

    @TempDir
    Path outbox;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = read(x.getRequestBody());
        int status = 200;
        if (down) {
            status = 503;
        } else {
            List<String> messages = new ArrayList<>();
            for (Object e : JsonTree.list(JsonTree.parse(body), "events")) {
                messages.add(JsonTree.str(e, "exceptions", 0, "message"));
            }
            if (mostEvents > 0 && messages.size() > mostEvents) {
                status = 413;
                refusedSizes.add(messages.size());
            } else {
                accepted.add(messages);
            }
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }

    private TelltaleClient client() {
        return TelltaleClient.start(TelltaleOptions.builder()
                .externalConfig(false)
                .uncaughtHandler(false)
                .shutdownHook(false)
                .destinations("bugsnag+http://" + BugsnagDestinationTest.KEY + "@127.0.0.1:"
                        + server.getAddress().getPort())
                .outboxDir(outbox.toString())
                .set("retry-initial-backoff-ms", "20")
                .set("retry-max-backoff-ms", "200")
                .serverName("test-host")
                .build());
    }

    private static TelltaleStats.DestinationStats stats(TelltaleClient c) {
        return c.stats().destinations().get(0);
    }

    /** Captures 30 messages while the server is down, then brings it up and waits for all. @return the messages */
    private List<String> backlogThenUp(TelltaleClient c) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(String.format("batch-%02d", i));
            c.captureMessage(sent.get(i), Level.ERROR);
        }
        await(10_000, () -> stats(c).retried() >= 1 && stats(c).spooled() >= 30, c);
        down = false;
        // A sent file leaves the outbox just after it is counted sent: wait for both.
        await(20_000, () -> stats(c).sent() == 30 && stats(c).pending() == 0, c);
        return sent;
    }

    private static void await(long millis, java.util.function.BooleanSupplier condition, TelltaleClient c) {
        if (!Poll.until(millis, condition)) {
            throw new AssertionError("not within " + millis * Poll.SCALE + " ms: " + c.stats());
        }
    }

    private List<String> allAccepted() {
        List<String> all = new ArrayList<>();
        synchronized (accepted) {
            for (List<String> l : accepted) {
                all.addAll(l);
            }
        }
        return all;
    }

    @Test
    void aBacklogGoesOutInFewNotifyRequestsAndEveryEventOnce() {
        try (TelltaleClient c = client()) {
            List<String> sent = backlogThenUp(c);
            List<String> got = allAccepted();
            assertEquals(30, got.size(), "each event once: " + accepted);
            assertEquals(new HashSet<>(sent), new HashSet<>(got));
            assertTrue(accepted.size() < 30, "batched: " + accepted.size() + " requests for 30 events: " + accepted);
            assertEquals(0, stats(c).droppedTotal(), c.stats().toString());
            assertEquals(0, stats(c).pending());
        }
    }

    @Test
    void aBatchRefusedAsTooLargeIsSplitUntilItFitsAndNothingIsLost() {
        mostEvents = 4;
        try (TelltaleClient c = client()) {
            List<String> sent = backlogThenUp(c);
            List<String> got = allAccepted();
            assertEquals(30, got.size(), "each event once: " + accepted);
            assertEquals(new HashSet<>(sent), new HashSet<>(got));
            assertTrue(!refusedSizes.isEmpty(), "a batch over the server's limit was sent and refused first");
            for (List<String> l : accepted) {
                assertTrue(l.size() <= 4, "accepted only within the limit: " + l);
            }
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(0, s.droppedTotal(), c.stats().toString());
            assertEquals(0, s.pending());
        }
    }

    @Test
    void storedPayloadsMergeIntoOneEventsArray() throws IOException {
        byte[] a = "{\"notifier\":{\"name\":\"Telltale\"},\"events\":[{\"id\":1}]}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"notifier\":{\"name\":\"Telltale\"},\"events\":[{\"id\":2},{\"id\":3}]}"
                .getBytes(StandardCharsets.UTF_8);
        Object merged = JsonTree.parse(BugsnagBatch.merge(java.util.Arrays.asList(a, b)));
        assertEquals("Telltale", JsonTree.str(merged, "notifier", "name"));
        Set<Object> ids = new HashSet<>();
        for (Object e : JsonTree.list(merged, "events")) {
            ids.add(JsonTree.at(e, "id").toString());
        }
        assertEquals(new HashSet<>(java.util.Arrays.asList("1", "2", "3")), ids);
        assertEquals(3, JsonTree.list(merged, "events").size());
    }
}
