package dev.telltale.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the outbox defects of issue 18 (item 8) and issue 19 (defects 2 and 4). */
class OutboxDefectsTest {
    private static final String LANE = "00112233aabbccdd";

    @TempDir
    Path dir;

    private static Payload payload(String id) {
        return new Payload(
                id,
                Payload.CATEGORY_ERROR,
                "application/json",
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis());
    }

    @Test
    void aDirectoryNamedLikeAnOutboxFileIsNeitherPendingNorWaitedFor() throws Exception {
        try (FaultServer s = new FaultServer(FaultServer.Mode.OK)) {
            String uri = "testhttp://127.0.0.1:" + s.port() + "/d";
            Path lane = dir.resolve(Lane.laneId("testhttp(127.0.0.1:" + s.port() + "/d)"));
            Files.createDirectories(lane.resolve("0000000000000000001-error-adirectory.tlo"));
            Outbox o = Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
            assertEquals(0, o.count(lane.getFileName().toString()));
            try (TelltaleClient c = Pipelines.client(dir, uri)) {
                c.captureMessage("beside-a-directory", Level.ERROR);
                assertTrue(c.flush(10_000), c.stats().toString());
                assertEquals(0, Pipelines.stats(c).pending(), c.stats().toString());
                assertEquals(1, s.accepted().size());
            }
        }
    }

    @Test
    void aFileWrittenWhileTheDirectoryIsBeingListedStaysIndexed() throws Exception {
        DiskOutbox o = (DiskOutbox) Outbox.open(dir, 100, 1 << 20, new Diagnostics(false));
        o.write(LANE, o.nextSeq(), payload("before"), false);
        // The listing a rescan took, then a write by this process, then the rescan applies its listing.
        java.util.Map<String, Long> listing = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(dir.resolve(LANE))) {
            for (Path p : files.collect(Collectors.toList())) {
                listing.put(p.getFileName().toString(), Files.size(p));
            }
        }
        o.write(LANE, o.nextSeq(), payload("during"), false);
        o.applyScan(LANE, listing);
        assertEquals(2, o.count(LANE), "pending() must see the file written during the listing");
    }

    @Test
    void theNewestCorruptFilesAreKeptWhateverLaneTheyCameFrom() throws IOException {
        Path corrupt = Files.createDirectories(dir.resolve(Outbox.CORRUPT_DIR));
        // Lane "ffff…" sorts last by name but holds the oldest files; lane "0000…" the newest.
        for (int i = 0; i < 40; i++) {
            Files.write(
                    corrupt.resolve(String.format("ffffffffffffffff-%019d-error-old%d.tlo", 1_000 + i, i)),
                    new byte[1]);
            Files.write(
                    corrupt.resolve(String.format("0000000000000000-%019d-error-new%d.tlo", 9_000 + i, i)),
                    new byte[1]);
        }
        Outbox.trimCorrupt(corrupt);
        List<String> left;
        try (Stream<Path> s = Files.list(corrupt)) {
            left = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(Outbox.MAX_CORRUPT_KEPT, left.size());
        long newest = left.stream().filter(n -> n.contains("-error-new")).count();
        assertEquals(40, newest, "all 40 newest kept: " + left);
        List<String> olds = left.stream().filter(n -> n.contains("-error-old")).collect(Collectors.toList());
        Collections.sort(olds);
        assertTrue(olds.get(0).contains(String.format("%019d", 1_030)), "the newest of the old lane survive: " + olds);
    }
}
