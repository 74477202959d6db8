package dev.telltale;

import dev.telltale.internal.util.Strings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Something that happened before an event: a log line, a request, a user action. Immutable.
 *
 * <p>Types follow the Sentry/BugSnag vocabulary: {@code default}, {@code log}, {@code navigation},
 * {@code request}, {@code http}, {@code user}, {@code state}, {@code process}, {@code error}.
 */
public final class Breadcrumb {
    /** Longest message kept; longer ones are cut with an ellipsis. */
    public static final int MAX_MESSAGE_CHARS = 1024;

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final long sequence;
    private final long timestamp;
    private final String type;
    private final String category;
    private final String message;
    private final Level level;
    private final Map<String, String> data;

    private Breadcrumb(Builder b) {
        this.sequence = SEQUENCE.incrementAndGet();
        this.timestamp = b.timestamp != 0 ? b.timestamp : System.currentTimeMillis();
        this.type = b.type;
        this.category = b.category;
        this.message = b.message;
        this.level = b.level;
        if (b.data == null) {
            this.data = Collections.emptyMap();
        } else {
            // Shared with the builder, which copies it before a later data() call: the common
            // build-once path costs no copy, and a reused builder cannot change this breadcrumb.
            this.data = Collections.unmodifiableMap(b.data);
            b.dataShared = true;
        }
    }

    /** A {@code default} breadcrumb with just a message. */
    public static Breadcrumb of(String message) {
        return builder().message(message).build();
    }

    /** A {@code default} breadcrumb with a category and a message. */
    public static Breadcrumb of(String category, String message) {
        return builder().category(category).message(message).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Process-wide increasing number: orders breadcrumbs and names journey actions. */
    public long sequence() {
        return sequence;
    }

    /** Epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public String type() {
        return type;
    }

    /** Empty when not set. */
    public String category() {
        return category;
    }

    public String message() {
        return message;
    }

    public Level level() {
        return level;
    }

    public Map<String, String> data() {
        return data;
    }

    @Override
    public String toString() {
        return "Breadcrumb{" + type + (category.isEmpty() ? "" : "/" + category) + ", " + level.wireName() + ", '" + message + "'}";
    }

    /** Builds a {@link Breadcrumb}; strings are cleaned and bounded at {@link #build()}. */
    public static final class Builder {
        private long timestamp;
        private String type = "default";
        private String category = "";
        private String message = "";
        private Level level = Level.INFO;
        private LinkedHashMap<String, String> data;
        private boolean dataShared;

        private Builder() {
        }

        public Builder timestamp(long epochMillis) {
            this.timestamp = epochMillis;
            return this;
        }

        public Builder type(String type) {
            String t = Strings.clean(type, 64);
            this.type = t.isEmpty() ? "default" : t;
            return this;
        }

        public Builder category(String category) {
            this.category = Strings.clean(category, 256);
            return this;
        }

        public Builder message(String message) {
            this.message = Strings.clean(message, MAX_MESSAGE_CHARS);
            return this;
        }

        public Builder level(Level level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        public Builder data(String key, String value) {
            if (key != null && value != null) {
                if (data == null) {
                    data = new LinkedHashMap<>();
                } else if (dataShared) {
                    data = new LinkedHashMap<>(data);
                    dataShared = false;
                }
                if (data.size() < 32) {
                    data.put(Strings.clean(key, 128), Strings.clean(value, 1024));
                }
            }
            return this;
        }

        public Builder data(Map<String, String> values) {
            if (values != null) {
                for (Map.Entry<String, String> e : values.entrySet()) {
                    data(e.getKey(), e.getValue());
                }
            }
            return this;
        }

        public Breadcrumb build() {
            return new Breadcrumb(this);
        }
    }

}
