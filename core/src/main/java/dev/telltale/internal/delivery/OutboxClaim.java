package dev.telltale.internal.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive right to send one outbox file, until closed: an OS lock on the file itself (released
 * by the OS if this process dies) plus a JVM-wide mark, because closing any channel of a file
 * releases every lock this JVM holds on it, so two clients of one JVM must never both open it.
 */
final class OutboxClaim implements Closeable {
    /** Paths claimed by some client of this JVM. */
    private static final Set<Path> CLAIMED_IN_JVM = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private OutboxClaim(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code file}. After locking, the file must still exist: a process that sent it deletes it
     * before letting go of the lock.
     *
     * @return the claim, or null when another process or client is sending this file right now
     * @throws NoSuchFileException when the file is gone (sent or evicted elsewhere)
     */
    static OutboxClaim take(Path file) throws NoSuchFileException {
        Path p = file.toAbsolutePath().normalize();
        if (!CLAIMED_IN_JVM.add(p)) {
            return null;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock != null && Files.exists(p)) {
                return new OutboxClaim(p, ch, lock);
            }
            boolean gone = lock != null;
            closeQuietly(ch);
            CLAIMED_IN_JVM.remove(p);
            if (gone) {
                throw new NoSuchFileException(p.getFileName().toString());
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
        return buf.array().length == buf.position() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
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

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
