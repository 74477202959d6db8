package dev.telltale.internal.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only look at outboxes for the CLI: where the applications' default outboxes are
 * ({@code <java.io.tmpdir>/telltale-outbox/<main class or jar>-<hash>}), what waits in one, and
 * which configured destination a lane belongs to. Never claims, moves or deletes a file.
 */
public final class OutboxView {
    static final String SUFFIX = ".tlo";

    private OutboxView() {}

    /** Where default outboxes live: {@code <java.io.tmpdir>/telltale-outbox}. */
    public static Path defaultRoot() {
        return Paths.get(System.getProperty("java.io.tmpdir", "."), "telltale-outbox");
    }

    /** Each application's outbox directory under {@code root}, sorted by name. */
    public static List<Path> applicationOutboxes(Path root) {
        List<Path> out = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable root lists as empty
        }
        Collections.sort(out);
        return out;
    }

    /** The files waiting in one outbox, lane by lane, each lane in send order. */
    public static List<OutboxEntry> entries(Path outbox) {
        List<OutboxEntry> out = new ArrayList<>();
        for (Path lane : applicationOutboxes(outbox)) {
            String laneId = lane.getFileName().toString();
            if (laneId.equals("corrupt")) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lane)) {
                for (Path f : ds) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(SUFFIX) && !n.startsWith(".")) {
                        files.add(f);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // sent meanwhile, or unreadable: nothing to show
            }
            Collections.sort(files);
            for (Path f : files) {
                out.add(OutboxEntry.read(f, laneId));
            }
        }
        return out;
    }

    /** How many files wait in an outbox (cheap: no file is read). */
    public static int count(Path outbox) {
        int n = 0;
        for (Path lane : applicationOutboxes(outbox)) {
            if (lane.getFileName().toString().equals("corrupt")) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lane, "*" + SUFFIX)) {
                for (Path ignored : ds) {
                    n++;
                }
            } catch (IOException | RuntimeException ignored) {
                // counted as empty
            }
        }
        return n;
    }

    /**
     * Finds one entry by {@code lane/file}, by file name alone, by a unique prefix of the file name,
     * or by event id. @return the matches (one when the name is unambiguous)
     */
    public static List<OutboxEntry> find(List<OutboxEntry> entries, String name) {
        String n = name.trim().replace('\\', '/');
        List<OutboxEntry> exact = new ArrayList<>();
        List<OutboxEntry> loose = new ArrayList<>();
        for (OutboxEntry e : entries) {
            String file = e.file().getFileName().toString();
            if (e.name().equals(n) || file.equals(n) || n.endsWith("/" + e.name())) {
                exact.add(e);
            } else if ((!n.isEmpty() && file.startsWith(n))
                    || (n.length() >= 8 && e.eventId().startsWith(n))) {
                loose.add(e);
            }
        }
        return exact.isEmpty() ? loose : exact;
    }

    /** The lane directory name of a destination: the first 16 hex digits of SHA-256 of its name (as the pipeline names it). */
    public static String laneId(String destinationName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(destinationName.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return b.toString();
        } catch (Exception e) {
            return String.format("%016x", (long) destinationName.hashCode() & 0xffffffffL);
        }
    }

    /** Lane id → destination name, for the destinations given. */
    public static Map<String, String> laneNames(Collection<String> destinationNames) {
        Map<String, String> out = new HashMap<>();
        for (String n : destinationNames) {
            out.put(laneId(n), n);
        }
        return out;
    }
}
