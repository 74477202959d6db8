package dev.telltale.agent.view;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event files of one directory, summarised and grouped into issues. Read-only: it lists and
 * reads files, never writes, moves or deletes one. Each file is parsed once (files are written
 * whole by a rename, so a name seen with the same size is the same event); a rescan costs one
 * directory listing and happens at most every {@link #MIN_RESCAN_NANOS}.
 */
final class EventStore {
    /** Beyond this many files only the newest (by name: the file destination starts names with the time) are read. */
    static final int MAX_FILES = 100_000;

    static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final long MIN_RESCAN_NANOS = 250_000_000L;

    private final Path dir;
    private final Map<String, EventSummary> events = new HashMap<>();
    /** Files that could not be read as an event, with the size they had, so they are not re-read every scan. */
    private final Map<String, Long> unreadable = new HashMap<>();

    private long generation;
    private long lastScan = System.nanoTime() - 2 * MIN_RESCAN_NANOS;
    private int filesSeen;
    private List<Issue> issues = Collections.emptyList();
    private Map<String, Issue> issuesByKey = Collections.emptyMap();
    private long issuesGeneration = -1;

    EventStore(Path dir) {
        this.dir = dir;
    }

    Path directory() {
        return dir;
    }

    /** Rescans when the last scan is older than the minimum interval; returns the current generation. */
    synchronized long refresh() {
        if (System.nanoTime() - lastScan >= MIN_RESCAN_NANOS) {
            scan();
        }
        return generation;
    }

    /** Rescans now, whatever the interval: for a name the last scan did not see (a file that just arrived). */
    synchronized void rescan() {
        scan();
    }

    /** Makes the next {@link #refresh} rescan: this process just wrote a file (ingest), so the listing is stale. */
    synchronized void invalidate() {
        lastScan = System.nanoTime() - 2 * MIN_RESCAN_NANOS;
    }

    synchronized long generation() {
        return generation;
    }

    synchronized int filesSeen() {
        return filesSeen;
    }

    synchronized int unreadableCount() {
        return unreadable.size();
    }

    synchronized int eventCount() {
        return events.size();
    }

    /** The file of a listed event; null for any name that is not one (no path is built from a request). */
    synchronized Path file(String name) {
        return name != null && (events.containsKey(name) || unreadable.containsKey(name)) ? dir.resolve(name) : null;
    }

    synchronized EventSummary summary(String name) {
        return events.get(name);
    }

    private void scan() {
        lastScan = System.nanoTime();
        Map<String, Long> present = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue; // the file destination's temp files
                    }
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            present.put(name, a.size());
                        }
                    } catch (IOException gone) {
                        // removed while listing
                    }
                }
            } catch (IOException e) {
                // unreadable directory: shown as empty; the next scan tries again
            }
        }
        filesSeen = present.size();
        boolean changed = events.keySet().retainAll(present.keySet());
        changed |= unreadable.keySet().retainAll(present.keySet());
        Set<String> wanted = present.keySet();
        if (present.size() > MAX_FILES) {
            List<String> names = new ArrayList<>(present.keySet());
            Collections.sort(names, Collections.reverseOrder());
            wanted = new HashSet<>(names.subList(0, MAX_FILES));
            changed |= events.keySet().retainAll(wanted);
        }
        for (String name : wanted) {
            long size = present.get(name);
            EventSummary known = events.get(name);
            Long bad = unreadable.get(name);
            if ((known != null && known.size == size) || (bad != null && bad == size)) {
                continue;
            }
            changed = true;
            events.remove(name);
            unreadable.remove(name);
            EventSummary read = read(name, size);
            if (read == null) {
                unreadable.put(name, size);
            } else {
                events.put(name, read);
            }
        }
        if (changed) {
            generation++;
        }
    }

    private EventSummary read(String name, long size) {
        if (size > MAX_FILE_BYTES || size == 0) {
            return null;
        }
        Path p = dir.resolve(name);
        try {
            byte[] bytes = Files.readAllBytes(p);
            return EventSummary.of(
                    name,
                    size,
                    SummaryReader.read(bytes),
                    Files.getLastModifiedTime(p).toMillis());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Issues, most recently seen first. */
    synchronized List<Issue> issues() {
        if (issuesGeneration != generation) {
            Map<String, Issue> byKey = new LinkedHashMap<>();
            for (EventSummary e : events.values()) {
                Issue i = byKey.get(e.groupKey);
                if (i == null) {
                    i = new Issue(e.groupKey);
                    byKey.put(e.groupKey, i);
                }
                i.add(e);
            }
            List<Issue> list = new ArrayList<>(byKey.values());
            Collections.sort(
                    list,
                    (a, b) -> a.lastSeen != b.lastSeen ? Long.compare(b.lastSeen, a.lastSeen) : a.key.compareTo(b.key));
            issues = Collections.unmodifiableList(list);
            issuesByKey = byKey;
            issuesGeneration = generation;
        }
        return issues;
    }

    synchronized Issue issue(String key) {
        issues();
        return key == null ? null : issuesByKey.get(key);
    }

    /** One group of events. Built under the store's lock and not changed after. */
    static final class Issue {
        final String key;
        int count;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        EventSummary latest;
        final List<EventSummary> events = new ArrayList<>();

        Issue(String key) {
            this.key = key;
        }

        void add(EventSummary e) {
            count++;
            firstSeen = Math.min(firstSeen, e.timestamp);
            if (latest == null
                    || e.timestamp > lastSeen
                    || (e.timestamp == lastSeen && e.name.compareTo(latest.name) > 0)) {
                latest = e;
            }
            lastSeen = Math.max(lastSeen, e.timestamp);
            events.add(e);
        }

        /** The issue's events, newest first. */
        List<EventSummary> newestFirst() {
            List<EventSummary> l = new ArrayList<>(events);
            Collections.sort(
                    l,
                    (a, b) -> a.timestamp != b.timestamp
                            ? Long.compare(b.timestamp, a.timestamp)
                            : b.name.compareTo(a.name));
            return l;
        }
    }
}
