package dev.telltale.internal.delivery;

import dev.telltale.destination.Payload;
import dev.telltale.internal.Diagnostics;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The durable outbox: one sub-directory per destination lane ({@code <root>/<laneId>/}), one file per
 * encoded payload, named {@code <seq:19 digits>-<category>-<id>.tlo} so that a directory listing
 * sorted by name is the send order. Files are written to a temp file and renamed (a reader never
 * sees half a file); the whole outbox is bounded by count and bytes, the oldest file evicted first.
 *
 * <p>Several processes may share one outbox: a process sends a file only while it holds an OS lock
 * on that file (released by the OS if the process dies) and after re-checking, under the lock, that
 * the file still exists; the sender deletes it before releasing the lock, so no file is sent twice.
 *
 * <p>The index of known files is guarded by this object's monitor; file I/O happens outside it.
 */
final class Outbox {
    /** Told about files that leave the outbox without being sent. */
    interface Listener {
        void evicted(String laneId);

        void corrupt(String laneId);
    }

    static final String SUFFIX = ".tlo";
    static final String CORRUPT_DIR = "corrupt";
    static final int MAX_CORRUPT_KEPT = 50;
    private static final long STALE_TEMP_MILLIS = 60L * 60 * 1000;

    private final Path root;
    private final int maxFiles;
    private final long maxBytes;
    private final Diagnostics diagnostics;
    private final boolean usable;
    private final Map<String, TreeMap<String, Long>> lanes = new HashMap<>();
    private final Set<String> busy = new HashSet<>();
    private long files;
    private long bytes;
    private long lastSeq;
    private volatile Listener listener = new Listener() {
        @Override
        public void evicted(String laneId) {
        }

        @Override
        public void corrupt(String laneId) {
        }
    };

    private Outbox(Path root, int maxFiles, long maxBytes, Diagnostics diagnostics, boolean usable) {
        this.root = root;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.diagnostics = diagnostics;
        this.usable = usable;
    }

    /**
     * Opens (creating) the outbox. An unusable directory yields one diagnostic and an outbox that
     * is {@link #usable() not usable}: the pipeline then keeps undelivered events in memory only.
     */
    static Outbox open(Path root, int maxFiles, long maxBytes, Diagnostics diagnostics) {
        if (root == null) {
            diagnostics.warn("no outbox directory; undelivered events are kept in memory only");
            return new Outbox(null, maxFiles, maxBytes, diagnostics, false);
        }
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            diagnostics.warn("outbox directory '" + root + "' is not writable (" + e.getClass().getSimpleName()
                    + "); undelivered events are kept in memory only");
            return new Outbox(root, maxFiles, maxBytes, diagnostics, false);
        }
        Outbox o = new Outbox(root, maxFiles, maxBytes, diagnostics, true);
        o.scanAll();
        return o;
    }

    boolean usable() {
        return usable;
    }

    void listener(Listener l) {
        this.listener = l;
    }

    /** A send-order number: epoch microseconds, strictly increasing within this process. */
    synchronized long nextSeq() {
        long now = System.currentTimeMillis() * 1000L;
        lastSeq = Math.max(now, lastSeq + 1);
        return lastSeq;
    }

    static long seqOf(String name) {
        try {
            return Long.parseLong(name.substring(0, 19));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String categoryOf(String name) {
        int a = name.indexOf('-');
        int b = a < 0 ? -1 : name.indexOf('-', a + 1);
        return b < 0 ? "" : name.substring(a + 1, b);
    }

    private static String safe(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String fileName(long seq, Payload p) {
        String id = safe(p.eventId(), 40);
        if (id.isEmpty()) {
            id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        }
        String cat = safe(p.category(), 24);
        return String.format(Locale.ROOT, "%019d", seq) + "-" + (cat.isEmpty() ? "x" : cat) + "-" + id + SUFFIX;
    }

    private Path laneDir(String laneId) {
        return root.resolve(laneId);
    }

    /**
     * Writes one payload atomically and indexes it; may evict the oldest files to stay within the
     * caps. With {@code sync} the data reaches the device before the rename (the fatal path).
     *
     * @return the file name
     */
    String write(String laneId, long seq, Payload p, boolean sync) throws IOException {
        return write(laneId, seq, p, sync, false);
    }

    /**
     * As {@link #write(String, long, Payload, boolean)}; with {@code busy} the file is marked busy
     * (not evictable) before the caps are enforced, for a payload whose request is still in flight.
     * Never forced unless {@code sync}: the temp file and atomic rename keep a reader from seeing half
     * a file, and the OS page cache outlives a killed process; only a machine crash can lose a spill.
     */
    String write(String laneId, long seq, Payload p, boolean sync, boolean busyNow) throws IOException {
        if (!usable) {
            throw new IOException("outbox not usable");
        }
        byte[] data = OutboxCodec.encode(p);
        Path dir = laneDir(laneId);
        Files.createDirectories(dir);
        String name = fileName(seq, p);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
            index(laneId).put(name, (long) data.length);
            if (busyNow) {
                busy.add(laneId + "/" + name);
            }
            files++;
            bytes += data.length;
            evicted = evictOverCaps(laneId, name);
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

    /** Removes the oldest files (never one in flight here) until within the caps. Holds the monitor. */
    private List<String[]> evictOverCaps(String newLane, String newName) {
        List<String[]> out = new ArrayList<>();
        Long newSize = index(newLane).get(newName);
        if (newSize != null && newSize > maxBytes) {
            // Alone over the cap: it goes, and nothing older is sacrificed for it.
            index(newLane).remove(newName);
            files--;
            bytes -= newSize;
            out.add(new String[]{newLane, newName});
        }
        while (files > maxFiles || bytes > maxBytes) {
            String bestLane = null;
            String bestName = null;
            for (Map.Entry<String, TreeMap<String, Long>> e : lanes.entrySet()) {
                for (String n : e.getValue().keySet()) {
                    if (busy.contains(e.getKey() + "/" + n)) {
                        continue;
                    }
                    if (bestName == null || n.compareTo(bestName) < 0) {
                        bestLane = e.getKey();
                        bestName = n;
                    }
                    break; // names are sorted: the first free one is this lane's oldest
                }
            }
            if (bestName == null) {
                break;
            }
            Long size = lanes.get(bestLane).remove(bestName);
            files--;
            bytes -= size == null ? 0 : size;
            out.add(new String[]{bestLane, bestName});
            if (bestLane.equals(newLane) && bestName.equals(newName)) {
                break; // the new file alone is over the caps
            }
        }
        return out;
    }

    private TreeMap<String, Long> index(String laneId) {
        TreeMap<String, Long> m = lanes.get(laneId);
        if (m == null) {
            m = new TreeMap<>();
            lanes.put(laneId, m);
        }
        return m;
    }

    synchronized int count(String laneId) {
        TreeMap<String, Long> m = lanes.get(laneId);
        return m == null ? 0 : m.size();
    }

    synchronized boolean contains(String laneId, String name) {
        TreeMap<String, Long> m = lanes.get(laneId);
        return m != null && m.containsKey(name);
    }

    /** The oldest file of the lane that {@code allowed} accepts (by file name), or null. */
    synchronized String first(String laneId, Predicate<String> allowed) {
        TreeMap<String, Long> m = lanes.get(laneId);
        if (m == null) {
            return null;
        }
        for (String n : m.keySet()) {
            if (allowed.test(n)) {
                return n;
            }
        }
        return null;
    }

    /** Marks a known file busy (not evictable). @return false when it is no longer in the index */
    synchronized boolean reserve(String laneId, String name) {
        if (!contains(laneId, name)) {
            return false;
        }
        busy.add(laneId + "/" + name);
        return true;
    }

    synchronized void busy(String laneId, String name, boolean on) {
        if (on) {
            busy.add(laneId + "/" + name);
        } else {
            busy.remove(laneId + "/" + name);
        }
    }

    /** Reads one file without claiming it (tests, diagnostics). */
    Payload read(String laneId, String name) throws IOException, OutboxCodec.CorruptException {
        return OutboxCodec.decode(Files.readAllBytes(laneDir(laneId).resolve(name)));
    }

    /** Deletes a file that was sent (or dropped) and forgets it. */
    void remove(String laneId, String name) {
        forget(laneId, name);
        deleteQuietly(laneDir(laneId).resolve(name));
    }

    /** Forgets a file without touching the disk (another process took it). */
    void forget(String laneId, String name) {
        synchronized (this) {
            TreeMap<String, Long> m = lanes.get(laneId);
            Long size = m == null ? null : m.remove(name);
            if (size != null) {
                files--;
                bytes -= size;
            }
        }
    }

    /** Moves an unreadable file to {@code <root>/corrupt/} (keeping the newest few) and forgets it. */
    void moveAside(String laneId, String name, String why) {
        forget(laneId, name);
        Path corrupt = root.resolve(CORRUPT_DIR);
        try {
            Files.createDirectories(corrupt);
            Files.move(laneDir(laneId).resolve(name), corrupt.resolve(laneId + "-" + name), StandardCopyOption.REPLACE_EXISTING);
            trimCorrupt(corrupt);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(laneDir(laneId).resolve(name));
        }
        diagnostics.warn("outbox file " + laneId + "/" + name + " is corrupt (" + why + "); moved to " + corrupt);
        listener.corrupt(laneId);
    }

    static void trimCorrupt(Path corrupt) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(corrupt)) {
            for (Path p : ds) {
                all.add(p);
            }
        }
        if (all.size() > MAX_CORRUPT_KEPT) {
            // Newest by the payload's sequence number, whatever lane it came from: sorting the whole
            // name (<laneId>-<seq>-...) kept the lanes whose ids sort last (issue 19 defect 2).
            all.sort(java.util.Comparator.comparing(Outbox::corruptAge).thenComparing(Path::toString));
            for (int i = 0; i < all.size() - MAX_CORRUPT_KEPT; i++) {
                deleteQuietly(all.get(i));
            }
        }
    }

    /** A corrupt file's sequence number (its name is {@code <laneId>-<file name>}); names not in that form first. */
    static String corruptAge(Path p) {
        String n = p.getFileName().toString();
        int dash = n.indexOf('-');
        String rest = dash < 0 ? "" : n.substring(dash + 1);
        return seqOf(rest) < 0 ? "" : rest.substring(0, 19);
    }

    /**
     * Claims one file for sending: an OS lock on the file itself (released by the OS if this process
     * dies) plus a JVM-wide mark, because closing any channel of a file releases every lock this JVM
     * holds on it, so two clients of one JVM must never both open it. After locking, the file must
     * still exist: a process that sent it deletes it before letting go of the lock.
     *
     * @return the claim, or null when another process or client is sending this file right now
     * @throws NoSuchFileException when the file is gone (sent or evicted elsewhere)
     */
    Claim claim(String laneId, String name) throws NoSuchFileException {
        Path p = laneDir(laneId).resolve(name).toAbsolutePath().normalize();
        if (!CLAIMED_IN_JVM.add(p)) {
            return null;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock != null && Files.exists(p)) {
                return new Claim(p, ch, lock);
            }
            boolean gone = lock != null;
            closeQuietly(ch);
            CLAIMED_IN_JVM.remove(p);
            if (gone) {
                throw new NoSuchFileException(name);
            }
            return null;
        } catch (NoSuchFileException e) {
            closeQuietly(ch);
            CLAIMED_IN_JVM.remove(p);
            throw e;
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            CLAIMED_IN_JVM.remove(p);
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** Paths claimed by some client of this JVM. */
    private static final Set<Path> CLAIMED_IN_JVM = ConcurrentHashMap.newKeySet();

    /** The exclusive right to send one file, until closed. */
    static final class Claim implements Closeable {
        private final Path path;
        private final FileChannel channel;
        private final FileLock lock;

        private Claim(Path path, FileChannel channel, FileLock lock) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
        }

        byte[] read() throws IOException {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("too large: " + size);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            long pos = 0;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return buf.array().length == buf.position() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        }

        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException | RuntimeException ignored) {
                // the channel is closed below either way
            }
            closeQuietly(channel);
            CLAIMED_IN_JVM.remove(path);
        }
    }

    /** Re-reads the lane's directory: picks up files other processes wrote, forgets files they sent. */
    void rescan(String laneId) {
        if (!usable) {
            return;
        }
        applyScan(laneId, list(laneDir(laneId)));
    }

    /** Brings the lane's index in line with a listing of its directory. */
    void applyScan(String laneId, Map<String, Long> found) {
        synchronized (this) {
            TreeMap<String, Long> m = index(laneId);
            for (String n : new ArrayList<>(m.keySet())) {
                // A file written by this process after the listing is indexed but not listed: it is
                // on disk (indexed only after its rename), so only files really gone are forgotten
                // (issue 19 defect 4: pending() undercounted and flush() could report drained early).
                if (!found.containsKey(n) && !busy.contains(laneId + "/" + n)
                        && !Files.exists(laneDir(laneId).resolve(n))) {
                    files--;
                    bytes -= m.remove(n);
                }
            }
            for (Map.Entry<String, Long> e : found.entrySet()) {
                if (!m.containsKey(e.getKey())) {
                    m.put(e.getKey(), e.getValue());
                    files++;
                    bytes += e.getValue();
                }
            }
        }
    }

    private void scanAll() {
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
                    if (n.endsWith(SUFFIX) && !n.startsWith(".")
                            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        out.put(n, Files.size(p));
                    } else if (n.startsWith(".tmp-") && now - Files.getLastModifiedTime(p).toMillis() > STALE_TEMP_MILLIS) {
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

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort: a later scan sees it again
        }
    }
}
