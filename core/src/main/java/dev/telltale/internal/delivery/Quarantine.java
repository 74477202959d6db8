package dev.telltale.internal.delivery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Where unreadable outbox files go ({@code <root>/corrupt/}, the newest few kept) for a human to look at. */
final class Quarantine {
    static final String DIR = "corrupt";
    static final int MAX_KEPT = 50;

    private Quarantine() {}

    /** Moves {@code file} of lane {@code laneId} aside (deleting it when that fails). @return the quarantine directory */
    static Path moveAside(Path root, String laneId, Path file) {
        Path corrupt = root.resolve(DIR);
        try {
            Files.createDirectories(corrupt);
            Files.move(file, corrupt.resolve(laneId + "-" + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            trim(corrupt);
        } catch (IOException | RuntimeException e) {
            DiskOutbox.deleteQuietly(file);
        }
        return corrupt;
    }

    static void trim(Path corrupt) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(corrupt)) {
            for (Path p : ds) {
                all.add(p);
            }
        }
        if (all.size() > MAX_KEPT) {
            // Newest by the payload's sequence number, whatever lane it came from: sorting the whole
            // name (<laneId>-<seq>-...) kept the lanes whose ids sort last (issue 19 defect 2).
            all.sort(Comparator.comparing(Quarantine::age).thenComparing(Path::toString));
            for (int i = 0; i < all.size() - MAX_KEPT; i++) {
                DiskOutbox.deleteQuietly(all.get(i));
            }
        }
    }

    /** A corrupt file's sequence number (its name is {@code <laneId>-<file name>}); names not in that form first. */
    static String age(Path p) {
        String n = p.getFileName().toString();
        int dash = n.indexOf('-');
        String rest = dash < 0 ? "" : n.substring(dash + 1);
        return Outbox.seqOf(rest) < 0 ? "" : rest.substring(0, 19);
    }
}
