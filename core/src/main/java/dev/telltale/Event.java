package dev.telltale;

import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Journey;
import dev.telltale.event.Mechanism;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Maps;
import dev.telltale.internal.util.Strings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One error or message event, fully built and ready for a destination to encode. Immutable:
 * {@link #toBuilder()} makes a changed copy (as a {@code beforeSend} callback does).
 *
 * <p>No accessor returns null: absent strings are empty, absent parts are their {@code NONE} /
 * {@code EMPTY} value.
 */
public final class Event {
    private final String eventId;
    private final long timestamp;
    private final Level level;
    private final Mechanism mechanism;
    private final String messageTemplate;
    private final String message;
    private final String logger;
    private final String threadName;
    private final long threadId;
    private final List<StackFrame> threadFrames;
    private final List<ExceptionInfo> exceptions;
    private final List<Breadcrumb> breadcrumbs;
    private final Journey journey;
    private final User user;
    private final Map<String, String> tags;
    private final Map<String, String> extra;
    private final Map<String, Map<String, String>> contexts;
    private final RequestInfo request;
    private final String release;
    private final String environment;
    private final String serverName;
    private final Platform platform;
    private final List<String> fingerprint;

    private Event(Builder b) {
        this.eventId = Objects.requireNonNull(b.eventId, "eventId");
        this.timestamp = b.timestamp;
        this.level = b.level;
        this.mechanism = b.mechanism;
        this.messageTemplate = b.messageTemplate;
        this.message = b.message;
        this.logger = b.logger;
        this.threadName = b.threadName;
        this.threadId = b.threadId;
        this.threadFrames = Maps.withoutNulls(b.threadFrames);
        this.exceptions = Maps.withoutNulls(b.exceptions);
        this.breadcrumbs = Maps.withoutNulls(b.breadcrumbs);
        this.journey = b.journey;
        this.user = b.user;
        this.tags = Maps.withoutNulls(b.tags);
        this.extra = Maps.withoutNulls(b.extra);
        this.contexts = Maps.withoutNullsNested(b.contexts);
        this.request = b.request;
        this.release = b.release;
        this.environment = b.environment;
        this.serverName = b.serverName;
        this.platform = b.platform;
        this.fingerprint = Maps.withoutNulls(b.fingerprint);
    }

    public static Builder builder(String eventId) {
        return new Builder(eventId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(eventId);
        b.timestamp = timestamp;
        b.level = level;
        b.mechanism = mechanism;
        b.messageTemplate = messageTemplate;
        b.message = message;
        b.logger = logger;
        b.threadName = threadName;
        b.threadId = threadId;
        b.threadFrames = new ArrayList<>(threadFrames);
        b.exceptions = new ArrayList<>(exceptions);
        b.breadcrumbs = new ArrayList<>(breadcrumbs);
        b.journey = journey;
        b.user = user;
        b.tags = new LinkedHashMap<>(tags);
        b.extra = new LinkedHashMap<>(extra);
        b.contexts = new LinkedHashMap<>(contexts);
        b.request = request;
        b.release = release;
        b.environment = environment;
        b.serverName = serverName;
        b.platform = platform;
        b.fingerprint = new ArrayList<>(fingerprint);
        return b;
    }

    /** 32 lower-case hex characters. */
    public String eventId() {
        return eventId;
    }

    /** Epoch milliseconds, UTC. */
    public long timestamp() {
        return timestamp;
    }

    public Level level() {
        return level;
    }

    public Mechanism mechanism() {
        return mechanism;
    }

    /** Shorthand for {@code mechanism().handled()}. */
    public boolean handled() {
        return mechanism.handled();
    }

    /** The message before formatting ({@code "Order {} failed"}); empty when there is none. */
    public String messageTemplate() {
        return messageTemplate;
    }

    /** The formatted message; empty when the event is an exception without a message of its own. */
    public String message() {
        return message;
    }

    public String logger() {
        return logger;
    }

    public String threadName() {
        return threadName;
    }

    /** The JVM's id of the thread the event happened on; -1 when unknown. */
    public long threadId() {
        return threadId;
    }

    /**
     * The stack of the event's thread where it was captured, innermost call first: for a message
     * event, the caller of {@code captureMessage} or of the logger (option {@code attach-stacktrace});
     * empty otherwise (an exception carries its own frames).
     */
    public List<StackFrame> threadFrames() {
        return threadFrames;
    }

    /** The thrown exception first, then its causes and suppressed exceptions; empty for a message event. */
    public List<ExceptionInfo> exceptions() {
        return exceptions;
    }

    /** Oldest first. */
    public List<Breadcrumb> breadcrumbs() {
        return breadcrumbs;
    }

    public Journey journey() {
        return journey;
    }

    public User user() {
        return user;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public Map<String, String> extra() {
        return extra;
    }

    /** Named groups of key/value facts ({@code "mdc"}, {@code "app"}, ...). */
    public Map<String, Map<String, String>> contexts() {
        return contexts;
    }

    public RequestInfo request() {
        return request;
    }

    public String release() {
        return release;
    }

    public String environment() {
        return environment;
    }

    public String serverName() {
        return serverName;
    }

    public Platform platform() {
        return platform;
    }

    /** Custom grouping; empty for the backend's default grouping. */
    public List<String> fingerprint() {
        return fingerprint;
    }

    /** The thrown exception, or null for a message event. */
    public ExceptionInfo primaryException() {
        return exceptions.isEmpty() ? null : exceptions.get(0);
    }

    /**
     * The exception the event is about: the thrown one, unless it merely wraps a cause
     * ({@link ExceptionInfo#isWrapperType()}); then the first cause down the chain that is not such a
     * wrapper (or the innermost wrapper when all are). Title and grouping come from it. Null for a
     * message event.
     */
    public ExceptionInfo leadException() {
        return ExceptionLead.lead(exceptions);
    }

    /** The wrappers above {@link #leadException()}, outermost (the thrown one) first; empty when none. */
    public List<ExceptionInfo> wrappers() {
        return ExceptionLead.wrappers(exceptions);
    }

    /** A one-line title: {@code "IllegalStateException: boom"} (of the lead exception) or the message. */
    public String title() {
        ExceptionInfo top = leadException();
        if (top != null) {
            return top.message().isEmpty() ? top.simpleType() : top.simpleType() + ": " + top.message();
        }
        return message.isEmpty() ? messageTemplate : message;
    }

    @Override
    public String toString() {
        return "Event{" + eventId + ", " + level.wireName() + ", " + title() + "}";
    }

    /** Builds an {@link Event}. Values are taken as given; the pipeline cleans and bounds them. */
    public static final class Builder {
        private final String eventId;
        private long timestamp = System.currentTimeMillis();
        private Level level = Level.ERROR;
        private Mechanism mechanism = Mechanism.MANUAL;
        private String messageTemplate = "";
        private String message = "";
        private String logger = "";
        private String threadName = "";
        private long threadId = -1L;
        private List<StackFrame> threadFrames = new ArrayList<>();
        private List<ExceptionInfo> exceptions = new ArrayList<>();
        private List<Breadcrumb> breadcrumbs = new ArrayList<>();
        private Journey journey = Journey.EMPTY;
        private User user = User.NONE;
        private Map<String, String> tags = new LinkedHashMap<>();
        private Map<String, String> extra = new LinkedHashMap<>();
        private Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        private RequestInfo request = RequestInfo.NONE;
        private String release = "";
        private String environment = "";
        private String serverName = "";
        private Platform platform = Platform.current();
        private List<String> fingerprint = new ArrayList<>();

        private Builder(String eventId) {
            this.eventId = Objects.requireNonNull(eventId, "eventId");
        }

        public Builder timestamp(long epochMillis) {
            this.timestamp = epochMillis;
            return this;
        }

        public Builder level(Level v) {
            this.level = Objects.requireNonNull(v, "level");
            return this;
        }

        public Builder mechanism(Mechanism v) {
            this.mechanism = Objects.requireNonNull(v, "mechanism");
            return this;
        }

        public Builder message(String template, String formatted) {
            this.messageTemplate = Strings.orEmpty(template);
            this.message = Strings.orEmpty(formatted);
            return this;
        }

        public Builder logger(String v) {
            this.logger = Strings.orEmpty(v);
            return this;
        }

        public Builder threadName(String v) {
            this.threadName = Strings.orEmpty(v);
            return this;
        }

        public Builder threadId(long v) {
            this.threadId = v;
            return this;
        }

        public Builder threadFrames(List<StackFrame> v) {
            this.threadFrames = new ArrayList<>(v);
            return this;
        }

        public Builder exceptions(List<ExceptionInfo> v) {
            this.exceptions = new ArrayList<>(v);
            return this;
        }

        public Builder breadcrumbs(List<Breadcrumb> v) {
            this.breadcrumbs = new ArrayList<>(v);
            return this;
        }

        public Builder journey(Journey v) {
            this.journey = Objects.requireNonNull(v, "journey");
            return this;
        }

        public Builder user(User v) {
            this.user = Objects.requireNonNull(v, "user");
            return this;
        }

        public Builder tag(String key, String value) {
            Maps.putOrRemove(tags, key, value);
            return this;
        }

        public Builder tags(Map<String, String> v) {
            this.tags = new LinkedHashMap<>(v);
            return this;
        }

        public Builder extra(String key, String value) {
            Maps.putOrRemove(extra, key, value);
            return this;
        }

        public Builder extras(Map<String, String> v) {
            this.extra = new LinkedHashMap<>(v);
            return this;
        }

        public Builder context(String name, Map<String, String> values) {
            Maps.putOrRemove(contexts, name, values);
            return this;
        }

        public Builder contexts(Map<String, Map<String, String>> v) {
            this.contexts = new LinkedHashMap<>(v);
            return this;
        }

        public Builder request(RequestInfo v) {
            this.request = Objects.requireNonNull(v, "request");
            return this;
        }

        public Builder release(String v) {
            this.release = Strings.orEmpty(v);
            return this;
        }

        public Builder environment(String v) {
            this.environment = Strings.orEmpty(v);
            return this;
        }

        public Builder serverName(String v) {
            this.serverName = Strings.orEmpty(v);
            return this;
        }

        public Builder platform(Platform v) {
            this.platform = Objects.requireNonNull(v, "platform");
            return this;
        }

        public Builder fingerprint(List<String> v) {
            this.fingerprint = new ArrayList<>(v);
            return this;
        }

        public Event build() {
            return new Event(this);
        }
    }
}
