package dev.telltale.internal.check;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.telltale.internal.json.Json;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * One outbox file, read without claiming it (the CLI only looks): the version-1 format documented
 * in {@code docs/PIPELINE.md} ("TTOB", version, createdAt, eventId, category, contentType, body,
 * CRC-32). The body is the encoded event without credentials.
 */
public final class OutboxEntry {
    private final Path file;
    private final String lane;
    private final long size;
    private final long createdAt;
    private final String eventId;
    private final String category;
    private final String contentType;
    private final byte[] body;
    private final String problem;

    private OutboxEntry(
            Path file,
            String lane,
            long size,
            long createdAt,
            String eventId,
            String category,
            String contentType,
            byte[] body,
            String problem) {
        this.file = file;
        this.lane = lane;
        this.size = size;
        this.createdAt = createdAt;
        this.eventId = eventId;
        this.category = category;
        this.contentType = contentType;
        this.body = body;
        this.problem = problem;
    }

    /** Reads one file; an unreadable one is returned with {@link #problem()} set, never thrown. */
    static OutboxEntry read(Path file, String lane) {
        long size = -1;
        try {
            byte[] b = Files.readAllBytes(file);
            size = b.length;
            if (b.length < 27 || b[0] != 'T' || b[1] != 'T' || b[2] != 'O' || b[3] != 'B') {
                return broken(file, lane, size, "not an outbox file");
            }
            if (b[4] != 1) {
                return broken(file, lane, size, "unknown version " + b[4]);
            }
            CRC32 crc = new CRC32();
            crc.update(b, 0, b.length - 4);
            int stored = ((b[b.length - 4] & 0xff) << 24)
                    | ((b[b.length - 3] & 0xff) << 16)
                    | ((b[b.length - 2] & 0xff) << 8)
                    | (b[b.length - 1] & 0xff);
            if (stored != (int) crc.getValue()) {
                return broken(file, lane, size, "checksum mismatch (torn or changed)");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 5, b.length - 9));
            long createdAt = in.readLong();
            String eventId = in.readUTF();
            String category = in.readUTF();
            String contentType = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n != in.available()) {
                return broken(file, lane, size, "bad body length");
            }
            byte[] body = new byte[n];
            in.readFully(body);
            return new OutboxEntry(file, lane, size, createdAt, eventId, category, contentType, body, "");
        } catch (IOException | RuntimeException e) {
            return broken(file, lane, size, "unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static OutboxEntry broken(Path file, String lane, long size, String why) {
        return new OutboxEntry(file, lane, size, 0, "", "", "", new byte[0], why);
    }

    public Path file() {
        return file;
    }

    /** {@code laneId/fileName}, as {@code outbox list} prints it. */
    public String name() {
        return lane + "/" + file.getFileName();
    }

    public String lane() {
        return lane;
    }

    public long size() {
        return size;
    }

    public long createdAt() {
        return createdAt;
    }

    public String eventId() {
        return eventId;
    }

    public String category() {
        return category;
    }

    public String contentType() {
        return contentType;
    }

    /** Empty when the file is intact; else why it cannot be read (the pipeline moves such files aside). */
    public String problem() {
        return problem;
    }

    /** Which kind of backend the payload was encoded for, from its form (the file names no destination). */
    public String kind() {
        if (!problem.isEmpty()) {
            return "unknown";
        }
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        if (contentType.contains("sentry-envelope")) {
            return "Sentry/Bugsink DSN";
        }
        if (text.contains("\"notifier\"")) {
            return text.contains("\"sessionCounts\"") || text.contains("\"sessions\"") ? "BugSnag sessions" : "BugSnag";
        }
        if (text.contains("\"session_token\"")) {
            return "Bugnet session";
        }
        if (text.contains("\"source\":\"auto:") || text.contains("\"errorMessage\"")) {
            return "bug-report endpoint";
        }
        if (text.contains("\"steps\"")
                || text.contains("\"game_version\"")
                || text.contains("\"category\":\"crash\"")) {
            return "Bugnet";
        }
        return contentType;
    }

    /** The body for a reader: each JSON document (one per envelope line) pretty-printed. */
    public String readableBody() {
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.trim().isEmpty()) {
                continue;
            }
            out.append(pretty(line)).append('\n');
        }
        return out.toString();
    }

    private static String pretty(String json) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
                g.useDefaultPrettyPrinter();
                if (p.nextToken() == null) {
                    return json;
                }
                g.copyCurrentStructure(p);
            }
            return p.nextToken() == null ? w.toString() : json;
        } catch (IOException | RuntimeException notJson) {
            return json;
        }
    }
}
