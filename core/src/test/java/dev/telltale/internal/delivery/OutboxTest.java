package dev.telltale.internal.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static dev.telltale.internal.delivery.Pipelines.answer;
import static dev.telltale.internal.delivery.Pipelines.await;
import static dev.telltale.internal.delivery.Pipelines.delivered;
import static dev.telltale.internal.delivery.Pipelines.messages;
import static dev.telltale.internal.delivery.Pipelines.stats;
import static dev.telltale.internal.delivery.Pipelines.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.telltale.DropReason;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleStats;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Payload;
import dev.telltale.event.Mechanism;
import dev.telltale.internal.Diagnostics;
import dev.telltale.internal.PendingEvent;
import dev.telltale.internal.ScopeSnapshot;
import dev.telltale.processing.EventProcessor;
import dev.telltale.testkit.Poll;
import dev.telltale.testkit.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @RegisterExtension
    static final WireMockExtension server = Pipelines.server();

    @TempDir
    Path dir;

    private static List<Path> files(Path d, String suffix) throws IOException {
        if (!Files.isDirectory(d)) {
            return Collections.emptyList();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private Path laneDir(String path) {
        return dir.resolve(Lane.laneId("testhttp(127.0.0.1:" + server.getPort() + path + ")"));
    }

    @Test
    void anEntryRoundTripsThroughItsFileAndNoTempFileIsLeft() throws Exception {
        Outbox o = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
        assertTrue(o.usable());
        DiskOutbox disk = (DiskOutbox) o;
        Payload p = new Payload(
                "abc123",
                Payload.CATEGORY_ERROR,
                "application/json",
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                1_700_000_000_000L);
        String name = o.write("00112233aabbccdd", o.nextSeq(), p, true);
        assertTrue(name.matches("\\d{19}-error-abc123\\.tlo"), name);
        List<Path> all;
        try (Stream<Path> s = Files.list(dir.resolve("00112233aabbccdd"))) {
            all = s.collect(Collectors.toList());
        }
        assertEquals(1, all.size(), "only the entry itself: " + all);
        Payload back = disk.read("00112233aabbccdd", name);
        assertEquals(p.eventId(), back.eventId());
        assertEquals(p.category(), back.category());
        assertEquals(p.contentType(), back.contentType());
        assertEquals(p.createdAt(), back.createdAt());
        assertArrayEquals(p.body(), back.body());
    }

    @Test
    void whatAnEarlierRunLeftIsSentAtTheNextStartInOrder() {
        answer(server, "/later", serviceUnavailable());
        List<String> expected = messages("later", 8);
        try (TelltaleClient first = Pipelines.client(dir, uri(server, "/later"))) {
            for (String m : expected) {
                first.captureMessage(m, Level.INFO);
            }
            await(
                    5_000,
                    () -> stats(first).retried() >= 1 && stats(first).pending() == expected.size(),
                    () -> first.stats().toString());
        }
        StubMapping up = answer(server, "/later", ok());
        try (TelltaleClient next = Pipelines.client(dir, uri(server, "/later"))) {
            await(
                    10_000,
                    () -> stats(next).sent() == expected.size(),
                    () -> next.stats().toString());
            assertEquals(expected, delivered(server, up));
        }
    }

    @Test
    void countCapEvictsTheOldestAndCountsEveryEviction() throws Exception {
        answer(server, "/cap", serviceUnavailable());
        List<String> all = messages("cap", 30);
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(dir, uri(server, "/cap"))
                .set("outbox-max-files", "10")
                .set("retry-initial-backoff-ms", "200")
                .build())) {
            for (String m : all) {
                c.captureMessage(m, Level.INFO);
            }
            await(5_000, () -> stats(c).spooled() == all.size(), () -> c.stats().toString());
            TelltaleStats.DestinationStats s = stats(c);
            assertEquals(10, files(laneDir("/cap"), ".tlo").size());
            assertEquals(20, s.dropped(DropReason.OUTBOX_FULL), s.toString());
            assertEquals(10, s.pending());

            StubMapping up = answer(server, "/cap", ok());
            await(10_000, () -> stats(c).sent() == 10, () -> c.stats().toString());
            List<String> got = delivered(server, up);
            assertEquals(10, got.size());
            assertEquals("cap-0029", got.get(9), "the newest survive");
            List<String> sorted = new ArrayList<>(got);
            Collections.sort(sorted);
            assertEquals(sorted, got, "in order");
            assertEquals(all.size(), stats(c).sent() + stats(c).dropped(DropReason.OUTBOX_FULL));
        }
    }

    @Test
    void byteCapKeepsTheOutboxWithinItsSize() throws Exception {
        answer(server, "/bytes", serviceUnavailable());
        try (TelltaleClient c = TelltaleClient.start(Pipelines.options(dir, uri(server, "/bytes"))
                .set("outbox-max-bytes", "1024")
                .set("retry-initial-backoff-ms", "200")
                .build())) {
            for (String m : messages("bytes", 30)) {
                c.captureMessage(m, Level.INFO);
            }
            await(5_000, () -> stats(c).spooled() == 30, () -> c.stats().toString());
            long onDisk = 0;
            for (Path p : files(laneDir("/bytes"), ".tlo")) {
                onDisk += Files.size(p);
            }
            assertTrue(onDisk <= 1024, onDisk + " bytes on disk");
            TelltaleStats.DestinationStats s = stats(c);
            assertTrue(s.dropped(DropReason.OUTBOX_FULL) > 0);
            assertEquals(30, s.pending() + s.dropped(DropReason.OUTBOX_FULL), s.toString());

            answer(server, "/bytes", ok());
            await(10_000, () -> stats(c).pending() == 0, () -> c.stats().toString());
            assertEquals(30, stats(c).sent() + stats(c).dropped(DropReason.OUTBOX_FULL));
        }
    }

    @Test
    void aPayloadLargerThanTheWholeOutboxIsEvictedAloneNotTheOlderOnes() throws Exception {
        Outbox o = Outbox.open(dir, 100, 2_048, new Diagnostics(false));
        java.util.List<String> lanesEvicted = new ArrayList<>();
        o.listener(new Outbox.Listener() {
            @Override
            public void evicted(String laneId) {
                lanesEvicted.add(laneId);
            }

            @Override
            public void corrupt(String laneId) {}
        });
        String small =
                o.write("aaaaaaaaaaaaaaaa", o.nextSeq(), new Payload("s", "default", "x", new byte[100], 0), false);
        String big =
                o.write("aaaaaaaaaaaaaaaa", o.nextSeq(), new Payload("b", "default", "x", new byte[4_096], 0), false);
        assertTrue(o.contains("aaaaaaaaaaaaaaaa", small));
        assertFalse(o.contains("aaaaaaaaaaaaaaaa", big));
        assertEquals(1, files(dir.resolve("aaaaaaaaaaaaaaaa"), ".tlo").size());
        assertEquals(Collections.singletonList("aaaaaaaaaaaaaaaa"), lanesEvicted);
    }

    @Test
    void aFileReservedForSendingIsNeverEvictedAndAnEvictedOneCannotBeReserved() throws Exception {
        Outbox o = Outbox.open(dir, 3, 1 << 20, new Diagnostics(false));
        List<String> evicted = new ArrayList<>();
        o.listener(new Outbox.Listener() {
            @Override
            public void evicted(String laneId) {
                evicted.add(laneId);
            }

            @Override
            public void corrupt(String laneId) {}
        });
        String lane = "bbbbbbbbbbbbbbbb";
        String oldest = o.write(lane, o.nextSeq(), new Payload("o", "default", "x", new byte[10], 0), false);
        String second = o.write(lane, o.nextSeq(), new Payload("s", "default", "x", new byte[10], 0), false);
        assertTrue(o.reserve(lane, oldest), "a known file can be reserved");
        for (int i = 0; i < 3; i++) {
            o.write(lane, o.nextSeq(), new Payload("n" + i, "default", "x", new byte[10], 0), false);
        }
        assertTrue(o.contains(lane, oldest), "the file being sent stays (else it would count as sent and dropped)");
        assertFalse(o.contains(lane, second), "the oldest free file went instead");
        assertFalse(
                o.reserve(lane, second), "an evicted file cannot be reserved, so it is not sent after being counted");
        assertEquals(2, evicted.size());
        String inFlight = o.write(lane, 1, new Payload("f", "default", "x", new byte[10], 0), false, true);
        assertTrue(o.contains(lane, inFlight), "written busy: not evicted although it is the oldest");
    }

    @Test
    void corruptFilesAreMovedAsideCountedAndTheRestIsDelivered() throws Exception {
        StubMapping up = answer(server, "/c", ok());
        String lane = laneDir("/c").getFileName().toString();
        Outbox o = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
        long now = System.currentTimeMillis();
        List<String> good = new ArrayList<>();
        for (String m : Arrays.asList("good-1", "good-2", "good-3")) {
            byte[] body = ("{\"id\":\"" + m + "\",\"message\":\"" + m + "\"}").getBytes(StandardCharsets.UTF_8);
            good.add(o.write(
                    lane,
                    o.nextSeq(),
                    new Payload(m.replace("-", ""), "default", "application/json", body, now),
                    false));
        }
        Path ld = dir.resolve(lane);
        byte[] valid = Files.readAllBytes(ld.resolve(good.get(0)));
        Files.write(
                ld.resolve(String.format("%019d-default-garbage.tlo", o.nextSeq())),
                "not an outbox file".getBytes(StandardCharsets.UTF_8));
        Files.write(
                ld.resolve(String.format("%019d-default-torn.tlo", o.nextSeq())),
                Arrays.copyOf(valid, valid.length / 2));
        byte[] flipped = valid.clone();
        flipped[flipped.length - 10] ^= 0x5a;
        Files.write(ld.resolve(String.format("%019d-default-flipped.tlo", o.nextSeq())), flipped);
        Files.write(ld.resolve(String.format("%019d-default-empty.tlo", o.nextSeq())), new byte[0]);

        try (TelltaleClient c = Pipelines.client(dir, uri(server, "/c"))) {
            await(
                    10_000,
                    () -> stats(c).sent() == 3 && stats(c).dropped(DropReason.CORRUPT) == 4,
                    () -> c.stats().toString());
            assertEquals(Arrays.asList("good-1", "good-2", "good-3"), delivered(server, up));
            assertEquals(4, stats(c).dropped(DropReason.CORRUPT), c.stats().toString());
            assertEquals(4, files(dir.resolve(Outbox.CORRUPT_DIR), ".tlo").size());
            assertTrue(files(ld, ".tlo").isEmpty());
        }
    }

    @Test
    void unwritableOutboxGivesOneDiagnosticAndKeepsEventsInMemory() throws Exception {
        Path blocker = Files.write(dir.resolve("a-file"), new byte[] {1});
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.OUTBOX_DIR, blocker.resolve("outbox").toString());
        m.put(ConfigKey.RETRY_INITIAL_BACKOFF_MS, "20");
        m.put(ConfigKey.RETRY_MAX_BACKOFF_MS, "100");
        m.put(ConfigKey.SERVER_NAME, "h");
        m.put(ConfigKey.MAX_IN_FLIGHT, "1"); // capture order is checked below
        Settings settings = TestEvents.settings(m);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Diagnostics diagnostics = new Diagnostics(false, new PrintStream(err, true, "UTF-8"));
        Accounting accounting = new Accounting();
        Destination d = new TestHttpDestination("http://127.0.0.1:" + server.getPort() + "/mem");
        Dispatcher dispatcher = new Dispatcher(
                settings,
                Collections.singletonList(d),
                new EventProcessor(settings, () -> "h", diagnostics),
                diagnostics,
                accounting);
        answer(server, "/mem", serviceUnavailable());
        List<String> expected = messages("mem", 20);
        try {
            dispatcher.start();
            for (String msg : expected) {
                dispatcher.submit(pending(msg));
            }
            await(
                    5_000,
                    () -> accounting.snapshot().destinations().get(0).retried() >= 2,
                    () -> accounting.snapshot().toString());
            StubMapping up = answer(server, "/mem", ok());
            assertTrue(
                    dispatcher.flush(Poll.SCALE * 10_000), accounting.snapshot().toString());
            assertEquals(expected, delivered(server, up));
            TelltaleStats.DestinationStats s =
                    accounting.snapshot().destinations().get(0);
            assertEquals(20, s.sent());
            assertEquals(0, s.spooled());
        } finally {
            dispatcher.close(1_000, false);
        }
        String text = new String(err.toByteArray(), StandardCharsets.UTF_8);
        long lines = Arrays.stream(text.split("\n"))
                .filter(l -> l.contains("outbox"))
                .count();
        assertEquals(1, lines, text);
        assertTrue(text.contains("not writable") && text.contains("memory only"), text);
        assertFalse(Files.exists(blocker.resolve("outbox")));
    }

    @Test
    void filesAnotherProcessLeavesInALaneAreFoundByItsRescan() throws Exception {
        StubMapping up = answer(server, "/rescan", ok());
        Destination d = new TestHttpDestination("http://127.0.0.1:" + server.getPort() + "/rescan");
        Outbox mine = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
        Accounting accounting = new Accounting();
        HttpTransport transport = new HttpTransport(2_000, 30_000, null);
        Lane lane = new Lane(
                d,
                accounting.counters(d.name()),
                mine,
                new Diagnostics(false),
                transport,
                new Backoff(20, 100),
                100,
                1 << 20,
                60_000,
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100),
                1);
        lane.start();
        try {
            Outbox theirs = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false)); // as another process would
            byte[] body = "{\"id\":\"x\",\"message\":\"from-elsewhere\"}".getBytes(StandardCharsets.UTF_8);
            theirs.write(
                    lane.id,
                    theirs.nextSeq(),
                    new Payload("x", "default", "application/json", body, System.currentTimeMillis()),
                    false);
            await(5_000, () -> accounting.counters(d.name()).sent.sum() == 1, () -> "sent: " + accounting.snapshot());
            assertEquals(Collections.singletonList("from-elsewhere"), delivered(server, up));
            assertTrue(files(dir.resolve(lane.id), ".tlo").isEmpty());
        } finally {
            lane.stop();
            transport.abort();
            for (Thread t : lane.threads()) {
                t.join(1_000);
            }
        }
    }

    static PendingEvent pending(String message) {
        return new PendingEvent(
                dev.telltale.TelltaleClientAccess.newEventId(),
                System.currentTimeMillis(),
                Level.INFO,
                Mechanism.MANUAL,
                null,
                message,
                message,
                "",
                "main",
                Collections.<String, String>emptyMap(),
                Collections.<String, String>emptyMap(),
                Collections.<String, Map<String, String>>emptyMap(),
                Collections.<String>emptyList(),
                ScopeSnapshot.EMPTY);
    }
}
