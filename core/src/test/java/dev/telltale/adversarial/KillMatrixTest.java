package dev.telltale.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.testkit.Forked;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at the worst moments, processes sharing one outbox: before the first send, during a
 * hanging request, during a spill, during a replay. Nothing captured before the kill is lost once it
 * had time to spill (it is on disk: the next process sends it), and nothing arrives more often than
 * at-least-once allows (a request in flight at the kill may be sent again).
 */
class KillMatrixTest {
    private static final Pattern NAME = Pattern.compile("kill-\\d{4}");

    @TempDir
    Path outbox;

    private final List<HttpServer> servers = new ArrayList<>();
    /** Every {@code kill-NNNN} received, with how many times. */
    private final Map<String, Integer> received = Collections.synchronizedMap(new HashMap<>());

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        for (HttpServer s : servers) {
            s.stop(0);
        }
    }

    /** mode: "ok" answers 200, "hang" holds every request until the test ends, "slow" answers after 300 ms. */
    /**
     * The outbox belongs to one destination (its URI), as after a restart of the same application:
     * every process of a case uses the same port, down at first, then served.
     */
    private final int port = freePort();

    private static int freePort() {
        try {
            return StormTest.deadPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String down() {
        return "http://killkey@127.0.0.1:" + port + "/1";
    }

    private String backend(String mode) throws IOException {
        for (HttpServer old : servers) {
            old.stop(0);
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kill-matrix-backend");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/", ex -> {
            try {
                byte[] body = readAll(ex.getRequestBody());
                if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
                }
                if (mode.equals("hang")) {
                    release.await(120, TimeUnit.SECONDS);
                    return;
                }
                if (mode.equals("slow")) {
                    Thread.sleep(300);
                }
                Matcher m = NAME.matcher(new String(body, StandardCharsets.UTF_8));
                TreeSet<String> names = new TreeSet<>();
                while (m.find()) {
                    names.add(m.group());
                }
                for (String n : names) {
                    received.merge(n, 1, Integer::sum);
                }
                byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        s.start();
        servers.add(s);
        return down();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private long filesInOutbox() throws IOException {
        if (!Files.exists(outbox)) {
            return 0;
        }
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> s = Files.walk(outbox)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".tlo") && Files.isRegularFile(p))
                        .count();
            } catch (java.io.UncheckedIOException e) {
                if (attempt > 100) {
                    throw e; // a temporary file vanished while walking: walk again
                }
            }
        }
    }

    private void awaitFiles(long n, Forked child) throws Exception {
        awaitFiles(n, child, 120);
    }

    private void awaitFiles(long n, Forked child, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (filesInOutbox() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "only " + filesInOutbox() + " of " + n + " events on disk; child: " + child.tail());
            }
            Thread.sleep(50);
        }
    }

    private void replay(String uri) throws Exception {
        try (Forked next =
                new Forked(Children.Replayer.class, Collections.<String>emptyList(), outbox.toString(), uri)) {
            String drained = next.expect("DRAINED ", 180_000);
            assertEquals(0, next.exit(60_000), next.tail());
            assertTrue(drained.startsWith("DRAINED true"), drained);
        }
    }

    private void assertAllOnce(int n, int allowedDuplicates) {
        TreeSet<String> missing = new TreeSet<>();
        int duplicates = 0;
        for (int i = 0; i < n; i++) {
            String name = String.format("kill-%04d", i);
            Integer c = received.get(name);
            if (c == null) {
                missing.add(name);
            } else {
                duplicates += c - 1;
            }
        }
        assertTrue(missing.isEmpty(), "lost: " + missing);
        assertTrue(
                duplicates <= allowedDuplicates, duplicates + " duplicates, at most " + allowedDuplicates + " allowed");
        System.out.println("kill matrix: " + n + " captured, " + n + " delivered, " + duplicates + " duplicates");
    }

    @Test
    void killedBeforeTheFirstSendTheNextProcessSendsEverything() throws Exception {
        int n = 40;
        String down = down();
        try (Forked child =
                new Forked(Children.Capturer.class, Collections.<String>emptyList(), outbox.toString(), down, "" + n)) {
            child.expect("CAPTURED", 120_000);
            awaitFiles(n, child);
            child.kill();
        }
        replay(backend("ok"));
        assertAllOnce(n, 0);
        assertEquals(0, filesInOutbox());
    }

    @Test
    void killedDuringAHangingRequestTheNextProcessSendsEverything() throws Exception {
        int n = 40;
        String hang = backend("hang");
        try (Forked child =
                new Forked(Children.Capturer.class, Collections.<String>emptyList(), outbox.toString(), hang, "" + n)) {
            child.expect("CAPTURED", 120_000);
            long t0 = System.nanoTime();
            // Well before the 60 s read timeout ends the request: the stalled lane spills what it holds,
            // the request in flight included (it is on disk until answered).
            awaitFiles(n, child, 30);
            System.out.println("hanging request: all " + n + " on disk " + (System.nanoTime() - t0) / 1_000_000
                    + " ms after the capture");
            child.kill();
        }
        replay(backend("ok"));
        assertAllOnce(n, 1);
    }

    @Test
    void killedDuringASpillEveryCompleteFileIsSentAndNoneWedgesTheOutbox() throws Exception {
        int n = 400;
        String down = down();
        long onDisk;
        try (Forked child =
                new Forked(Children.Capturer.class, Collections.<String>emptyList(), outbox.toString(), down, "" + n)) {
            awaitFiles(1, child); // spilling has begun
            child.kill();
            onDisk = filesInOutbox();
        }
        replay(backend("ok"));
        int distinct = received.size();
        assertTrue(
                distinct >= onDisk - 1,
                distinct + " sent of " + onDisk + " files on disk at the kill (one may be half-written)");
        for (Map.Entry<String, Integer> e : received.entrySet()) {
            assertEquals(1, (int) e.getValue(), "sent twice: " + e.getKey());
        }
        assertEquals(0, filesInOutbox(), "nothing left behind");
        System.out.println("kill during spill: " + onDisk + " files on disk at the kill, " + distinct + " delivered");
    }

    @Test
    void killedDuringReplaysByTwoProcessesAThirdSendsTheRestAtLeastOnce() throws Exception {
        int n = 60;
        String down = down();
        try (Forked child =
                new Forked(Children.Capturer.class, Collections.<String>emptyList(), outbox.toString(), down, "" + n)) {
            child.expect("CAPTURED", 120_000);
            awaitFiles(n, child);
            child.kill();
        }
        String slow = backend("slow");
        AtomicInteger killed = new AtomicInteger();
        try (Forked a = new Forked(Children.Replayer.class, Collections.<String>emptyList(), outbox.toString(), slow);
                Forked b =
                        new Forked(Children.Replayer.class, Collections.<String>emptyList(), outbox.toString(), slow)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(received.size() >= 3, "the replays sent " + received.size() + "; " + a.tail() + b.tail());
            a.kill();
            b.kill();
            killed.set(received.size());
        }
        replay(backend("ok"));
        // Each killed process may have had its in-flight requests answered without learning it.
        assertAllOnce(n, 8);
        System.out.println("kill during replay: " + killed.get() + " sent before the kills");
    }
}
