package dev.telltale;

import dev.telltale.internal.util.MessageTemplate;
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

    private static final int TYPE_CHARS = 64;
    private static final int CATEGORY_CHARS = 256;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final long sequence;
    private final long timestamp;
    private final String type;
    private final String category;
    /*
     * type, category and message are only cut to their length at build (cheap, bounds memory);
     * lone surrogates are replaced when they are read, on the sender thread that builds events.
     * A message given as a template is formatted on its first read and kept.
     */
    private final String rawMessage; // the template when args is not null
    private final Object[] args;
    private String formatted; // benign race: a String is safe to publish this way
    private final Level level;
    private final Map<String, String> data;

    private Breadcrumb(Builder b) {
        this.sequence = SEQUENCE.incrementAndGet();
        this.timestamp = b.timestamp != 0 ? b.timestamp : System.currentTimeMillis();
        this.type = b.type;
        this.category = b.category;
        this.rawMessage = b.message;
        this.args = b.args;
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

    /** The common shapes, without a builder: they run on the application's thread. */
    private Breadcrumb(String category, String message) {
        this.sequence = SEQUENCE.incrementAndGet();
        this.timestamp = System.currentTimeMillis();
        this.type = "default";
        this.category = Strings.bound(category, CATEGORY_CHARS);
        this.rawMessage = Strings.bound(message, MAX_MESSAGE_CHARS);
        this.args = null;
        this.level = Level.INFO;
        this.data = Collections.emptyMap();
    }

    /** A {@code default} breadcrumb with just a message. */
    public static Breadcrumb of(String message) {
        return new Breadcrumb("", message);
    }

    /** A {@code default} breadcrumb with a category and a message. */
    public static Breadcrumb of(String category, String message) {
        return new Breadcrumb(category, message);
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
        return Strings.clean(type, TYPE_CHARS);
    }

    /** Empty when not set. */
    public String category() {
        return Strings.clean(category, CATEGORY_CHARS);
    }

    public String message() {
        if (args == null) {
            return Strings.clean(rawMessage, MAX_MESSAGE_CHARS);
        }
        String f = formatted;
        if (f == null) {
            f = Strings.clean(MessageTemplate.format(rawMessage, args), MAX_MESSAGE_CHARS);
            formatted = f;
        }
        return f;
    }

    public Level level() {
        return level;
    }

    public Map<String, String> data() {
        return data;
    }

    @Override
    public String toString() {
        return "Breadcrumb{" + type() + (category.isEmpty() ? "" : "/" + category()) + ", " + level.wireName() + ", '"
                + message() + "'}";
    }

    /**
     * Builds a {@link Breadcrumb}. Strings are cut to their bound here; lone surrogates are replaced
     * when the breadcrumb is read, off the application's thread.
     */
    public static final class Builder {
        private long timestamp;
        private String type = "default";
        private String category = "";
        private String message = ""; // the template when args is not null
        private Object[] args;
        private Level level = Level.INFO;
        private LinkedHashMap<String, String> data;
        private boolean dataShared;

        private Builder() {}

        public Builder timestamp(long epochMillis) {
            this.timestamp = epochMillis;
            return this;
        }

        public Builder type(String type) {
            String t = Strings.bound(type, TYPE_CHARS);
            this.type = t.isEmpty() ? "default" : t;
            return this;
        }

        public Builder category(String category) {
            this.category = Strings.bound(category, CATEGORY_CHARS);
            return this;
        }

        public Builder message(String message) {
            this.message = Strings.bound(message, MAX_MESSAGE_CHARS);
            this.args = null;
            return this;
        }

        /**
         * A message with SLF4J-style {@code {}} placeholders, formatted only when the breadcrumb is
         * read (when an event takes it), so a breadcrumb that never reaches an event never pays for
         * formatting. Arguments are snapshotted now: strings, boxed primitives and null are kept
         * (cut to what the message can show), anything else is turned into its string now, so a
         * later change to an argument does not change the breadcrumb.
         */
        public Builder messageTemplate(String template, Object... args) {
            if (template == null || args == null || args.length == 0) {
                return message(template);
            }
            Object[] snapshot = MessageTemplate.snapshot(template, args, MAX_MESSAGE_CHARS);
            if (snapshot == null) { // too long or too many to keep cheaply: format now
                return message(MessageTemplate.format(template, args));
            }
            this.message = template;
            this.args = snapshot;
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
