package dev.telltale.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.telltale.Breadcrumb;
import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.integration.Diagnostics;
import dev.telltale.integration.MessageTemplate;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;

/**
 * What {@link TelltaleAppender} makes of a Logback line: a {@link Capture} or a {@link Breadcrumb},
 * and whether the line is Telltale's own. Stateless; the appender holds the thresholds and options.
 */
final class LogbackEvents {
    static final String MECHANISM = "logback";
    static final String MDC_CONTEXT = "mdc";

    private static final int ERROR_INT = ch.qos.logback.classic.Level.ERROR_INT;
    private static final int WARN_INT = ch.qos.logback.classic.Level.WARN_INT;
    private static final int INFO_INT = ch.qos.logback.classic.Level.INFO_INT;
    private static final String OWN_PACKAGE = "dev.telltale";
    /** How every line of {@link Diagnostics} starts. */
    private static final String DIAGNOSTIC_PREFIX = "telltale: ";

    /** Logback 1.3+ carries several markers per event; 1.2 has only {@code getMarker()}. */
    private static final MethodHandle MARKER_LIST = markerListHandle();

    private LogbackEvents() {}

    /**
     * Telltale's own loggers, threads and diagnostics. The examples are application code that lives
     * in our namespace. A diagnostic line can reach us outside Telltale code when an application
     * routes stderr into logging and SLF4J replays lines it queued during its initialisation, so
     * the line's own prefix is the only mark left on it.
     */
    static boolean isTelltaleOwn(ILoggingEvent e) {
        String logger = e.getLoggerName();
        if (logger != null
                && logger.startsWith(OWN_PACKAGE)
                && (logger.length() == OWN_PACKAGE.length() || logger.charAt(OWN_PACKAGE.length()) == '.')
                && !logger.startsWith("dev.telltale.examples.")) {
            return true;
        }
        String thread = e.getThreadName();
        if (thread != null && thread.startsWith("telltale-")) {
            return true;
        }
        String template = e.getMessage();
        return template != null && template.startsWith(DIAGNOSTIC_PREFIX);
    }

    static Level toTelltale(int logbackLevel) {
        if (logbackLevel >= ERROR_INT) {
            return Level.ERROR;
        }
        if (logbackLevel >= WARN_INT) {
            return Level.WARNING;
        }
        if (logbackLevel >= INFO_INT) {
            return Level.INFO;
        }
        return Level.DEBUG;
    }

    static Capture toCapture(ILoggingEvent e, int level, Set<String> mdcTags) {
        IThrowableProxy proxy = e.getThrowableProxy();
        Throwable t = proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
        String formatted = e.getFormattedMessage();
        Level mapped = toTelltale(level);
        Capture c = t != null ? Capture.exception(t).level(mapped) : Capture.message(formatted, mapped);
        String thread = e.getThreadName();
        c.mechanism(MECHANISM, true)
                .logger(e.getLoggerName())
                .message(e.getMessage(), formatted)
                .threadName(thread)
                .timestamp(e.getTimeStamp());
        if (t == null && proxy != null) {
            // a deserialised event (socket receiver) carries only a description of its throwable
            c.extra("exception", proxy.getClassName() + ": " + proxy.getMessage());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        putIfPresent(tags, "logger", e.getLoggerName());
        putIfPresent(tags, "thread", thread);
        putIfPresent(tags, "marker", markers(e));
        Map<String, String> mdc = mdc(e);
        if (mdc != null && !mdc.isEmpty()) {
            Set<String> tagKeys = mdcTags;
            Map<String, String> rest = null;
            for (Map.Entry<String, String> m : mdc.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    continue;
                }
                if (tagKeys.contains(m.getKey())) {
                    tags.put(m.getKey(), m.getValue());
                } else {
                    if (rest == null) {
                        rest = new LinkedHashMap<>();
                    }
                    rest.put(m.getKey(), m.getValue());
                }
            }
            if (rest != null) {
                c.context(MDC_CONTEXT, rest);
            }
        }
        c.tags(tags);
        return c;
    }

    /** The event's MDC; none when Logback cannot give it (1.3+ throws for a context created without an MDC adapter). */
    private static Map<String, String> mdc(ILoggingEvent e) {
        try {
            return e.getMDCPropertyMap();
        } catch (RuntimeException noAdapter) {
            return null;
        }
    }

    static Breadcrumb toBreadcrumb(ILoggingEvent e, int level) {
        Breadcrumb.Builder b = Breadcrumb.builder()
                .type("log")
                .category(e.getLoggerName())
                .level(toTelltale(level))
                .timestamp(e.getTimeStamp());
        Object[] args = e.getArgumentArray();
        if (simpleArguments(args)) {
            // Formatted when an event takes the breadcrumb, on the sender thread: most never are.
            b.messageTemplate(e.getMessage(), args);
        } else {
            b.message(e.getFormattedMessage());
        }
        IThrowableProxy proxy = e.getThrowableProxy();
        if (proxy != null) {
            b.data("exception", proxy.getClassName());
        }
        return b.build();
    }

    /**
     * Arguments that core's template formats exactly as Logback does: none, or only strings, boxed
     * primitives and null. Anything else (an object's toString, an array) is left to Logback.
     */
    static boolean simpleArguments(Object[] args) {
        if (args == null) {
            return true;
        }
        for (Object a : args) {
            if (!MessageTemplate.isPlain(a)) {
                return false;
            }
        }
        return true;
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    /** Marker names, references included, comma-separated; null when there is none. */
    static String markers(ILoggingEvent e) {
        List<Marker> list = null;
        if (MARKER_LIST != null) {
            try {
                @SuppressWarnings("unchecked")
                List<Marker> l = (List<Marker>) MARKER_LIST.invokeExact(e);
                list = l;
            } catch (Throwable ignored) {
                list = null;
            }
        }
        if (list == null) {
            Marker m = e.getMarker();
            list = m == null ? Collections.<Marker>emptyList() : Collections.singletonList(m);
        }
        if (list.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Marker m : list) {
            collect(m, names, 0);
        }
        return names.isEmpty() ? null : String.join(",", names);
    }

    private static void collect(Marker m, Set<String> names, int depth) {
        if (m == null || depth > 4 || names.size() >= 16) {
            return;
        }
        names.add(m.getName());
        if (m.hasReferences()) {
            Iterator<Marker> it = m.iterator();
            while (it.hasNext()) {
                collect(it.next(), names, depth + 1);
            }
        }
    }

    private static MethodHandle markerListHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(ILoggingEvent.class, "getMarkerList", MethodType.methodType(List.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Logback 1.2
        }
    }
}
