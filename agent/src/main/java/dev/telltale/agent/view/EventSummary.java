package dev.telltale.agent.view;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** What the issue list needs of one event file: read once, kept while the file is there. Immutable. */
final class EventSummary {
    final String name;
    final long size;
    final String eventId;
    final long timestamp;
    final String level;
    final String title;
    final String culprit;
    final String groupKey;

    private EventSummary(
            String name,
            long size,
            String eventId,
            long timestamp,
            String level,
            String title,
            String culprit,
            String groupKey) {
        this.name = name;
        this.size = size;
        this.eventId = eventId;
        this.timestamp = timestamp;
        this.level = level;
        this.title = title;
        this.culprit = culprit;
        this.groupKey = groupKey;
    }

    /** Summarises a parsed event; {@code fallbackMillis} when it has no readable timestamp. */
    @SuppressWarnings("unchecked")
    static EventSummary of(String name, long size, Object parsed, long fallbackMillis) {
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> e = (Map<String, Object>) parsed;
        long ts = timestamp(JsonTree.get(e, "timestamp"));
        if (ts < 0) {
            ts = fileNameMillis(name);
        }
        if (ts < 0) {
            ts = fallbackMillis;
        }
        String level = JsonTree.str(e, "level");
        List<Object> chain = JsonTree.list(e, "exceptions");
        String title = JsonTree.str(e, "title");
        String culprit = "";
        if (!chain.isEmpty()) {
            Object x = Grouping.significant(e, chain);
            if (title.isEmpty()) {
                String msg = JsonTree.str(x, "message");
                title = JsonTree.str(x, "type") + (msg.isEmpty() ? "" : ": " + msg);
            }
            culprit = Grouping.topInAppFrame(chain, x);
        }
        if (title.isEmpty()) {
            title = Grouping.message(e);
        }
        if (chain.isEmpty()) {
            List<Object> caller = JsonTree.list(e, "threadFrames"); // a message event's calling stack
            for (Object f : caller) {
                if (Boolean.TRUE.equals(JsonTree.get(f, "inApp"))) {
                    culprit = Grouping.frameName(f);
                    break;
                }
            }
        }
        if (title.isEmpty()) {
            title = "(no title)";
        }
        return new EventSummary(
                name,
                size,
                JsonTree.str(e, "eventId"),
                ts,
                level.isEmpty() ? "error" : level,
                title,
                culprit,
                Grouping.key(e));
    }

    /** ISO-8601 (with or without a zone; none means UTC), or epoch seconds / milliseconds; -1 if neither. */
    static long timestamp(Object v) {
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            return (long) (d < 1e11 ? d * 1000 : d);
        }
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            return -1;
        }
        String s = (String) v;
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other shapes
        }
        try {
            return timestamp(Double.valueOf(s));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file destination names files {@code <millis>-<eventId>.json}. */
    static long fileNameMillis(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0 || dash > 15) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
