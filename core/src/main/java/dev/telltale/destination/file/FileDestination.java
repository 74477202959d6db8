package dev.telltale.destination.file;

import dev.telltale.Event;
import dev.telltale.destination.Destination;
import dev.telltale.destination.Outcome;
import dev.telltale.destination.Payload;
import dev.telltale.destination.Transport;
import dev.telltale.internal.json.EventJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes each event as one JSON file, {@code <millis>-<eventId>.json}, indented for people to read
 * (one complete JSON document per file; empty parts left out), atomically: a temp file in
 * the same directory, then a rename, so a reader never sees half a file.
 */
public final class FileDestination implements Destination {
    private final Path dir;

    public FileDestination(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String name() {
        return "file(" + dir + ")";
    }

    @Override
    public int maxPayloadBytes() {
        return 16 * 1024 * 1024;
    }

    @Override
    public Payload encode(Event event) throws IOException {
        return Payload.ofEvent(event, EventJson.CONTENT_TYPE, EventJson.encodePretty(event));
    }

    @Override
    public Outcome deliver(Payload payload, Transport transport) throws IOException {
        Files.createDirectories(dir);
        String name =
                payload.createdAt() + "-" + (payload.eventId().isEmpty() ? "payload" : payload.eventId()) + ".json";
        Path target = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
        try {
            Files.write(tmp, payload.body());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Outcome.delivered();
    }
}
