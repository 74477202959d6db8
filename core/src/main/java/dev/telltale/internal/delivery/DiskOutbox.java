package dev.telltale.internal.delivery;

import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The durable outbox: one sub-directory per destination lane ({@code <root>/<laneId>/}), one file per
 * encoded payload ({@link OutboxCodec}). Files are written to a temp file and renamed (a reader never
 * sees half a file); the whole outbox is bounded by count and bytes ({@link OutboxIndex} evicts the
 * oldest file first).
 *
 * <p>Several processes may share one outbox: a process sends a file only while it holds an
 * {@link OutboxClaim} on it and after re-checking, under the lock, that the file still exists; the
 * sender deletes it before releasing the claim, so no file is sent twice. Unreadable files go to
 * {@link Quarantine}.
 *
 * <p>The index is guarded by this object's monitor; file I/O happens outside it.
 */
final class DiskOutbox extends Outbox {
    private static final long STALE_TEMP_MILLIS = 60L * 60 * 1000;

    private final Path root;
    private final Diagnostics diagnostics;
    private final OutboxIndex index;
    private volatile Listener listener = new Listener() {
        @Override
        public void evicted(String laneId) {}

        @Override
        public void corrupt(String laneId) {}
    };

    DiskOutbox(Path root, int maxFiles, long maxBytes, Diagnostics diagnostics) {
        this.root = root;
        this.diagnostics = diagnostics;
        this.index = new OutboxIndex(maxFiles, maxBytes);
    }

    @Override
    boolean usable() {
        return true;
    }

    @Override
    void listener(Listener l) {
        this.listener = l;
    }

    private Path laneDir(String laneId) {
        return root.resolve(laneId);
    }

    /**
     * Never forced unless {@code sync}: the temp file and atomic rename keep a reader from seeing half
     * a file, and the OS page cache outlives a killed process; only a machine crash can lose a spill.
     */
    @Override
    String write(String laneId, long seq, Payload p, boolean sync, boolean busyNow) throws IOException {
        byte[] data = OutboxCodec.encode(p);
        Path dir = laneDir(laneId);
        Files.createDirectories(dir);
        String name = fileName(seq, p);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name));
            }
            if (sync) {
                syncDirectory(dir);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        List<String[]> evicted;
        synchronized (this) {
            evicted = index.add(laneId, name, data.length, busyNow);
        }
        for (String[] e : evicted) {
            deleteQuietly(laneDir(e[0]).resolve(e[1]));
            listener.evicted(e[0]);
        }
        return name;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on every platform; the file itself was forced
        }
    }

    @Override
    synchronized int count(String laneId) {
        return index.count(laneId);
    }

    @Override
    synchronized boolean contains(String laneId, String name) {
        return index.contains(laneId, name);
    }

    @Override
    synchronized long sizeOf(String laneId, String name) {
        return index.sizeOf(laneId, name);
    }

    @Override
    synchronized String first(String laneId, Predicate<String> allowed) {
        return index.first(laneId, allowed);
    }

    @Override
    synchronized boolean reserve(String laneId, String name) {
        return index.reserve(laneId, name);
    }

    @Override
    synchronized void busy(String laneId, String name, boolean on) {
        index.busy(laneId, name, on);
    }

    @Override
    synchronized boolean isBusy(String laneId, String name) {
        return index.isBusy(laneId, name);
    }

    /** Reads one file without claiming it (tests, diagnostics). */
    Payload read(String laneId, String name) throws IOException, OutboxCodec.CorruptException {
        return OutboxCodec.decode(Files.readAllBytes(laneDir(laneId).resolve(name)));
    }

    @Override
    void remove(String laneId, String name) {
        forget(laneId, name);
        deleteQuietly(laneDir(laneId).resolve(name));
    }

    @Override
    synchronized void forget(String laneId, String name) {
        index.forget(laneId, name);
    }

    @Override
    void moveAside(String laneId, String name, String why) {
        forget(laneId, name);
        Path corrupt = Quarantine.moveAside(root, laneId, laneDir(laneId).resolve(name));
        diagnostics.warn("outbox file " + laneId + "/" + name + " is corrupt (" + why + "); moved to " + corrupt);
        listener.corrupt(laneId);
    }

    @Override
    OutboxClaim claim(String laneId, String name) throws NoSuchFileException {
        return OutboxClaim.take(laneDir(laneId).resolve(name));
    }

    @Override
    void rescan(String laneId) {
        applyScan(laneId, list(laneDir(laneId)));
    }

    /** Brings the lane's index in line with a listing of its directory. */
    void applyScan(String laneId, Map<String, Long> found) {
        final Path dir = laneDir(laneId);
        synchronized (this) {
            index.applyScan(laneId, found, n -> !Files.exists(dir.resolve(n)));
        }
    }

    void scanAll() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && !n.equals(CORRUPT_DIR) && !n.startsWith(".")) {
                    rescan(n);
                }
            }
        } catch (IOException | RuntimeException e) {
            diagnostics.debug("outbox scan failed: " + e);
        }
    }

    private static Map<String, Long> list(Path dir) {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    // Regular files only: a directory named *.tlo could never be claimed, so it stayed
                    // pending and every flush()/close() waited out its timeout (issue 18 item 8).
                    if (n.endsWith(SUFFIX) && !n.startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        out.put(n, Files.size(p));
                    } else if (n.startsWith(".tmp-")
                            && now - Files.getLastModifiedTime(p).toMillis() > STALE_TEMP_MILLIS) {
                        deleteQuietly(p); // left by a process that died mid-write
                    }
                } catch (IOException gone) {
                    // sent and deleted by another process while listing
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unreadable now; the next scan tries again
        }
        return out;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort: a later scan sees it again
        }
    }
}
