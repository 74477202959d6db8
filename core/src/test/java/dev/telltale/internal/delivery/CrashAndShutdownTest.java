package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.delivered;
import static dev.telltale.internal.delivery.Pipelines.deliveredIds;
import static dev.telltale.internal.delivery.Pipelines.messages;
import static dev.telltale.internal.delivery.Pipelines.served;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import dev.telltale.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CrashAndShutdownTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path outbox;

    private long filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(Outbox.SUFFIX))
                    .count();
        }
    }

    @Test
    void fatalEventSurvivesSigkillRightAfterCaptureAndTheNextStartDeliversIt() throws Exception {
        String uri = uri(server, "/fatal");
        answer(server, "/fatal", serviceUnavailable());
        String id;
        try (Pipelines.Child child =
                new Pipelines.Child(ChildMains.Fatal.class, Collections.<String>emptyList(), outbox.toString(), uri)) {
            id = child.expect("CAPTURED ", 30_000)
                    .substring("CAPTURED ".length())
                    .trim();
            child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(32, id.length(), id);
        assertEquals(1, filesIn(outbox), "the fatal event is on disk");

        StubMapping up = answer(server, "/fatal", ok());
        try (TelltaleClient next = Pipelines.client(outbox, uri)) {
            await(10_000, () -> stats(next).sent() == 1, () -> next.stats().toString());
            assertEquals(Collections.singletonList(id), deliveredIds(server, up));
        }
        assertEquals(0, filesIn(outbox));
    }

    @Test
    void jvmExitsWithinTheShutdownTimeoutWhileTheBackendHangsAndNothingIsLost() throws Exception {
        String uri = uri(server, "/hang");
        answer(server, "/hang", aResponse().withStatus(200).withFixedDelay(10_000));
        long shutdownTimeout = 1_000;
        long exitMillis;
        try (Pipelines.Child child = new Pipelines.Child(
                ChildMains.Exiting.class,
                Collections.<String>emptyList(),
                outbox.toString(),
                uri,
                Long.toString(shutdownTimeout))) {
            child.expect("CAPTURED", 30_000);
            await(10_000, () -> served(server, null).size() == 1, () -> "a request is hanging");
            child.process.getOutputStream().write('\n');
            child.process.getOutputStream().flush();
            child.expect("EXITING", 10_000);
            long t0 = System.nanoTime();
            assertTrue(child.process.waitFor(20, TimeUnit.SECONDS), "the JVM exited");
            exitMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("JVM exit with a hanging backend and shutdown-timeout-ms=" + shutdownTimeout + ": "
                    + exitMillis + " ms after main returned; output " + child.all);
        }
        assertTrue(exitMillis < shutdownTimeout + 1_500, "exit took " + exitMillis + " ms");
        assertEquals(5, filesIn(outbox), "what could not be delivered is in the outbox");

        StubMapping up = answer(server, "/hang", ok());
        try (TelltaleClient next = Pipelines.client(outbox, uri)) {
            await(10_000, () -> stats(next).sent() == 5, () -> next.stats().toString());
            assertEquals(messages("exit", 5), delivered(server, up));
        }
    }

    @Test
    void closeWithAHangingBackendReturnsInTimeAndLeavesNoThreadBehind() throws Exception {
        answer(server, "/stuck", aResponse().withStatus(200).withFixedDelay(10_000));
        TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/stuck"))
                .set("read-timeout-ms", "30000")
                .set("shutdown-timeout-ms", "500")
                .build());
        c.captureMessage("stuck-1", Level.ERROR);
        c.captureMessage("stuck-2", Level.ERROR);
        await(5_000, () -> served(server, null).size() == 1, () -> "a request is hanging");
        long t0 = System.nanoTime();
        c.close();
        long closeMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("close() with a hanging backend, shutdown-timeout-ms=500: " + closeMillis + " ms");
        assertTrue(closeMillis < 1_000, "close took " + closeMillis + " ms");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(!t.getName().startsWith("telltale-") || !t.isAlive(), "left behind: " + t.getName());
        }
        assertEquals(2, filesIn(outbox), "both wait for the next start");
    }

    @Test
    void twoProcessesSharingAnOutboxNeverSendAFileTwice() throws Exception {
        String uri = uri(server, "/shared");
        Path lane = outbox.resolve(Lane.laneId("testhttp(127.0.0.1:" + server.getPort() + "/shared)"));
        Outbox o = Outbox.open(outbox, 10_000, 1 << 26, new Diagnostics(false));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = String.format("shared%04d", i);
            ids.add(id);
            byte[] body = ("{\"id\":\"" + id + "\",\"message\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            o.write(
                    lane.getFileName().toString(),
                    o.nextSeq(),
                    new Payload(id, "default", "application/json", body, System.currentTimeMillis()),
                    false);
        }
        StubMapping up = answer(server, "/shared", aResponse().withStatus(200).withFixedDelay(3));
        long childSent;
        try (Pipelines.Child child = new Pipelines.Child(
                ChildMains.Drainer.class, Collections.<String>emptyList(), outbox.toString(), uri)) {
            child.expect("STARTED", 30_000); // the child is draining; the two clients here join in
            TelltaleClient here = Pipelines.client(outbox, uri);
            TelltaleClient alsoHere = Pipelines.client(outbox, uri);
            await(
                    30_000,
                    () -> served(server, up).size() >= ids.size()
                            && here.flush(Poll.SCALE * 0)
                            && alsoHere.flush(Poll.SCALE * 0),
                    () -> served(server, up).size() + " served");
            childSent =
                    Long.parseLong(child.expect("SENT ", 30_000).substring(5).trim());
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
            System.out.println("shared outbox: child sent " + childSent + ", clients here sent "
                    + stats(here).sent() + " + " + stats(alsoHere).sent());
            assertEquals(
                    ids.size(), childSent + stats(here).sent() + stats(alsoHere).sent());
            here.close();
            alsoHere.close();
        }
        List<String> got = deliveredIds(server, up);
        assertEquals(ids.size(), got.size(), "each file sent once");
        assertEquals(new HashSet<>(ids), new HashSet<>(got));
        assertEquals(0, filesIn(lane));
    }

    @Test
    void fatalCaptureReturnsOnlyOnceTheEventIsDeliveredWhenTheBackendIsUp() {
        StubMapping up = answer(server, "/fatal-up", ok());
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/fatal-up"))
                .set("shutdown-timeout-ms", "10000")
                .build())) {
            String id = c.capture(dev.telltale.Capture.exception(new IllegalStateException("fatal"))
                    .level(Level.FATAL));
            assertEquals(
                    Collections.singletonList(id),
                    deliveredIds(server, up),
                    "already at the backend when capture returns");
            assertEquals(1, stats(c).sent());
        }
    }

    @Test
    void fatalCaptureWithTheBackendDownReturnsWithinTheShutdownTimeoutWithTheEventOnDisk() throws Exception {
        answer(server, "/fatal-down", serviceUnavailable());
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(outbox, uri(server, "/fatal-down"))
                .set("shutdown-timeout-ms", "400")
                .build())) {
            long t0 = System.nanoTime();
            c.capture(dev.telltale.Capture.exception(new IllegalStateException("fatal"))
                    .level(Level.FATAL));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 400 + 1_000, "fatal capture took " + millis + " ms");
            assertEquals(1, filesIn(outbox));
        }
    }

    @Test
    void anUncaughtExceptionOnMainIsDeliveredBeforeTheJvmExits() throws Exception {
        StubMapping up = answer(server, "/crash", ok());
        try (Pipelines.Child child = new Pipelines.Child(
                ChildMains.CrashOnMain.class,
                Collections.<String>emptyList(),
                outbox.toString(),
                uri(server, "/crash"))) {
            child.expect("CRASHING", 30_000);
            assertTrue(child.process.waitFor(20, TimeUnit.SECONDS), "the JVM exited");
            assertEquals(1, child.process.exitValue(), "the crash still ends the JVM as before: " + child.all);
        }
        assertEquals(Collections.singletonList("IllegalStateException: crash on main"), delivered(server, up));
        assertEquals(0, filesIn(outbox), "nothing left for a next start");
    }
}
