package dev.telltale.internal.delivery;

import dev.telltale.destination.Payload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The on-disk form of one outbox entry (version 1), big-endian:
 * <pre>
 *   "TTOB"  magic, 4 bytes
 *   1       version, 1 byte
 *   long    createdAt (epoch ms)
 *   UTF     eventId, category, contentType (Java modified UTF-8, 2-byte length each)
 *   int     body length, then the body (uncompressed, secret-free)
 *   int     CRC-32 of every byte before it
 * </pre>
 * A torn or tampered file fails the length or CRC check and is treated as corrupt.
 */
final class OutboxCodec {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'T', 'T', 'O', 'B'};

    private OutboxCodec() {}

    static byte[] encode(Payload p) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(p.size() + 128);
        DataOutputStream out = new DataOutputStream(bos);
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeLong(p.createdAt());
        out.writeUTF(p.eventId());
        out.writeUTF(p.category());
        out.writeUTF(p.contentType());
        out.writeInt(p.size());
        out.write(p.body());
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bos.toByteArray(), 0, bos.size());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bos.toByteArray();
    }

    /** @throws CorruptException when the bytes are not a complete, intact entry */
    static Payload decode(byte[] bytes) throws CorruptException {
        if (bytes.length < MAGIC.length + 1 + 8 + 6 + 4 + 4) {
            throw new CorruptException("truncated (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CorruptException("not an outbox file");
            }
        }
        if (bytes[MAGIC.length] != VERSION) {
            throw new CorruptException("unknown version " + bytes[MAGIC.length]);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24)
                | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8)
                | (bytes[bytes.length - 1] & 0xff);
        if (stored != (int) crc.getValue()) {
            throw new CorruptException("checksum mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(
                    new ByteArrayInputStream(bytes, MAGIC.length + 1, bytes.length - MAGIC.length - 5));
            long createdAt = in.readLong();
            String eventId = in.readUTF();
            String category = in.readUTF();
            String contentType = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n != in.available()) {
                throw new CorruptException("bad body length " + n);
            }
            byte[] body = new byte[n];
            in.readFully(body);
            return new Payload(eventId, category, contentType, body, createdAt);
        } catch (IOException | RuntimeException e) {
            throw new CorruptException("unreadable: " + e.getClass().getSimpleName());
        }
    }

    /** An outbox file that cannot be read back. */
    static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message, null, false, false);
        }
    }
}
