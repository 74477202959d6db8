package dev.telltale.event;

/** One recent action of the user's journey: what happened, where it came from, when. Immutable. */
public final class JourneyAction {
    private final String id;
    private final String source;
    private final String summary;
    private final long timestamp;

    public JourneyAction(String id, String source, String summary, long timestamp) {
        this.id = id == null ? "" : id;
        this.source = source == null ? "" : source;
        this.summary = summary == null ? "" : summary;
        this.timestamp = timestamp;
    }

    public String id() {
        return id;
    }

    /** Where the action came from: a breadcrumb category or type ({@code request}, {@code log}, ...). */
    public String source() {
        return source;
    }

    public String summary() {
        return summary;
    }

    /** Epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return id + " " + source + ": " + summary;
    }
}
