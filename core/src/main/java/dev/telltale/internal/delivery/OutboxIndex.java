package dev.telltale.internal.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the outbox knows without reading the disk: the files of each lane (sorted by name, which is
 * the send order) with their sizes, which of them are busy (being sent, or written while their
 * request is in flight: never evicted), and eviction of the oldest free file to stay within the caps.
 * Not thread-safe: {@link DiskOutbox} guards it with its monitor.
 */
final class OutboxIndex {
    private final int maxFiles;
    private final long maxBytes;
    private final Map<String, TreeMap<String, Long>> lanes = new HashMap<>();
    private final Set<String> busy = new HashSet<>();
    private long files;
    private long bytes;

    OutboxIndex(int maxFiles, long maxBytes) {
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    long files() {
        return files;
    }

    long bytes() {
        return bytes;
    }

    /**
     * Indexes a file just written and evicts what the caps require.
     *
     * @return the evicted files as {laneId, name}, oldest first (the new file itself when it alone is over the byte cap)
     */
    List<String[]> add(String laneId, String name, long size, boolean busyNow) {
        put(laneId, name, size);
        if (busyNow) {
            busy.add(key(laneId, name));
        }
        return evictOverCaps(laneId, name);
    }

    private void put(String laneId, String name, long size) {
        Long old = lane(laneId).put(name, size);
        if (old == null) {
            files++;
        } else {
            bytes -= old;
        }
        bytes += size;
    }

    /** Removes the oldest files (never a busy one) until within the caps. */
    private List<String[]> evictOverCaps(String newLane, String newName) {
        List<String[]> out = new ArrayList<>();
        Long newSize = lane(newLane).get(newName);
        if (newSize != null && newSize > maxBytes) {
            // Alone over the cap: it goes, and nothing older is sacrificed for it.
            forget(newLane, newName);
            out.add(new String[] {newLane, newName});
        }
        while (files > maxFiles || bytes > maxBytes) {
            String[] oldest = oldestFree();
            if (oldest == null) {
                break;
            }
            forget(oldest[0], oldest[1]);
            out.add(oldest);
            if (oldest[0].equals(newLane) && oldest[1].equals(newName)) {
                break; // the new file alone is over the caps
            }
        }
        return out;
    }

    private String[] oldestFree() {
        String bestLane = null;
        String bestName = null;
        for (Map.Entry<String, TreeMap<String, Long>> e : lanes.entrySet()) {
            for (String n : e.getValue().keySet()) {
                if (busy.contains(key(e.getKey(), n))) {
                    continue;
                }
                if (bestName == null || n.compareTo(bestName) < 0) {
                    bestLane = e.getKey();
                    bestName = n;
                }
                break; // names are sorted: the first free one is this lane's oldest
            }
        }
        return bestName == null ? null : new String[] {bestLane, bestName};
    }

    private TreeMap<String, Long> lane(String laneId) {
        TreeMap<String, Long> m = lanes.get(laneId);
        if (m == null) {
            m = new TreeMap<>();
            lanes.put(laneId, m);
        }
        return m;
    }

    private static String key(String laneId, String name) {
        return laneId + "/" + name;
    }

    int count(String laneId) {
        TreeMap<String, Long> m = lanes.get(laneId);
        return m == null ? 0 : m.size();
    }

    long sizeOf(String laneId, String name) {
        TreeMap<String, Long> m = lanes.get(laneId);
        Long size = m == null ? null : m.get(name);
        return size == null ? 0 : size;
    }

    boolean contains(String laneId, String name) {
        TreeMap<String, Long> m = lanes.get(laneId);
        return m != null && m.containsKey(name);
    }

    /** The oldest file of the lane that {@code allowed} accepts (by file name), or null. */
    String first(String laneId, Predicate<String> allowed) {
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

    /** Marks a known file busy. @return false when it is no longer in the index */
    boolean reserve(String laneId, String name) {
        if (!contains(laneId, name)) {
            return false;
        }
        busy.add(key(laneId, name));
        return true;
    }

    void busy(String laneId, String name, boolean on) {
        if (on) {
            busy.add(key(laneId, name));
        } else {
            busy.remove(key(laneId, name));
        }
    }

    boolean isBusy(String laneId, String name) {
        return busy.contains(key(laneId, name));
    }

    /** Forgets a file. @return whether it was known */
    boolean forget(String laneId, String name) {
        TreeMap<String, Long> m = lanes.get(laneId);
        Long size = m == null ? null : m.remove(name);
        if (size == null) {
            return false;
        }
        files--;
        bytes -= size;
        return true;
    }

    /**
     * Brings the lane's index in line with a listing of its directory. A file missing from the
     * listing is forgotten only when {@code gone} confirms it: one written by this process after the
     * listing is indexed but not listed (issue 19 defect 4: pending() undercounted and flush() could
     * report drained early).
     */
    void applyScan(String laneId, Map<String, Long> found, Predicate<String> gone) {
        TreeMap<String, Long> m = lane(laneId);
        for (String n : new ArrayList<>(m.keySet())) {
            if (!found.containsKey(n) && !busy.contains(key(laneId, n)) && gone.test(n)) {
                forget(laneId, n);
            }
        }
        for (Map.Entry<String, Long> e : found.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                put(laneId, e.getKey(), e.getValue());
            }
        }
    }
}
