package dev.telltale;

import dev.telltale.event.Mechanism;
import dev.telltale.internal.util.Maps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An event to capture, as an integration describes it (logger, mechanism, template, tags). Plain
 * applications use {@link Telltale#captureException(Throwable)} instead.
 *
 * <pre>{@code
 * client.capture(Capture.exception(e).mechanism("logback", true).logger("com.shop.Orders")
 *         .message("Order {} failed", "Order 42 failed"));
 * }</pre>
 */
public final class Capture {
    final Throwable throwable;
    Level level;
    Mechanism mechanism = Mechanism.MANUAL;
    String messageTemplate = "";
    String message = "";
    String logger = "";
    String threadName;
    long threadId = -1L;
    Map<String, String> tags = Collections.emptyMap();
    Map<String, String> extra = Collections.emptyMap();
    Map<String, Map<String, String>> contexts = Collections.emptyMap();
    List<String> fingerprint = Collections.emptyList();
    Consumer<Scope> scopeCallback;
    long timestamp;

    private Capture(Throwable throwable, Level level) {
        this.throwable = throwable;
        this.level = level;
    }

    /** An exception event (level error unless set). */
    public static Capture exception(Throwable throwable) {
        return new Capture(Objects.requireNonNull(throwable, "throwable"), Level.ERROR);
    }

    /** A message event. */
    public static Capture message(String message, Level level) {
        Capture c = new Capture(null, level == null ? Level.INFO : level);
        c.message = message == null ? "" : message;
        return c;
    }

    public Capture level(Level level) {
        this.level = Objects.requireNonNull(level, "level");
        return this;
    }

    public Capture mechanism(String type, boolean handled) {
        this.mechanism = new Mechanism(type, handled);
        return this;
    }

    public Capture mechanism(Mechanism mechanism) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        return this;
    }

    /** The message before and after formatting; the template groups occurrences of one log statement. */
    public Capture message(String template, String formatted) {
        this.messageTemplate = template == null ? "" : template;
        this.message = formatted == null ? "" : formatted;
        return this;
    }

    public Capture logger(String logger) {
        this.logger = logger == null ? "" : logger;
        return this;
    }

    /** The thread the event happened on (default: the calling thread). */
    public Capture threadName(String threadName) {
        this.threadName = threadName;
        return this;
    }

    /** The thread the event happened on, by name and JVM id (default: the calling thread). */
    public Capture thread(Thread thread) {
        if (thread != null) {
            this.threadName = thread.getName();
            this.threadId = thread.getId();
        }
        return this;
    }

    /** Epoch milliseconds (default: now). */
    public Capture timestamp(long epochMillis) {
        this.timestamp = epochMillis;
        return this;
    }

    public Capture tag(String key, String value) {
        if (key != null && value != null) {
            tags = Maps.with(tags, key, value);
        }
        return this;
    }

    public Capture tags(Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            tags = Maps.merge(tags, Maps.copy(values));
        }
        return this;
    }

    public Capture extra(String key, String value) {
        if (key != null && value != null) {
            extra = Maps.with(extra, key, value);
        }
        return this;
    }

    public Capture context(String name, Map<String, String> values) {
        if (name != null && values != null) {
            LinkedHashMap<String, Map<String, String>> m = new LinkedHashMap<>(contexts);
            m.put(name, Maps.copy(values));
            contexts = Collections.unmodifiableMap(m);
        }
        return this;
    }

    public Capture fingerprint(List<String> fingerprint) {
        this.fingerprint = Maps.copy(fingerprint);
        return this;
    }

    /** A callback that adjusts a scope for this event only. */
    public Capture scope(Consumer<Scope> callback) {
        this.scopeCallback = callback;
        return this;
    }
}
