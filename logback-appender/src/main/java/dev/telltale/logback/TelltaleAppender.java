package dev.telltale.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import dev.telltale.integration.Diagnostics;
import dev.telltale.integration.Reentrancy;
import dev.telltale.integration.SharedClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Logback events into Telltale events and breadcrumbs.
 *
 * <pre>{@code
 * <appender name="TELLTALE" class="dev.telltale.logback.TelltaleAppender">
 *   <destinations>${TELLTALE_DESTINATIONS:-}</destinations>
 *   <minimumEventLevel>ERROR</minimumEventLevel>
 *   <minimumBreadcrumbLevel>INFO</minimumBreadcrumbLevel>
 *   <mdcTags>tenant,requestId</mdcTags>
 * </appender>
 * }</pre>
 *
 * <p>Lines at or above {@code minimumEventLevel} become events (an exception event when the line
 * carries a throwable, else a message event); lines at or above {@code minimumBreadcrumbLevel} and
 * below the event level become breadcrumbs; the rest cost one integer comparison.
 *
 * <p>When Telltale is already running (started by the agent or by code) the appender uses that
 * client; otherwise it starts one from its own properties over the external configuration, and
 * releases it in {@link #stop()}. No failure of Telltale escapes into Logback or the application.
 *
 * <p>Compiled against the Logback 1.2 API; works with 1.2 through 1.5.
 */
public final class TelltaleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final int ERROR_INT = ch.qos.logback.classic.Level.ERROR_INT;
    private static final int WARN_INT = ch.qos.logback.classic.Level.WARN_INT;
    private static final int INFO_INT = ch.qos.logback.classic.Level.INFO_INT;
    private static final String UNDEFINED_SUFFIX = "_IS_UNDEFINED";

    private final Diagnostics diagnostics = new Diagnostics(false);
    private final EnumMap<ConfigKey, String> options = new EnumMap<>(ConfigKey.class);
    private final List<String> problems = new ArrayList<>();
    private String destinationsProblem;
    private volatile int eventLevel = ERROR_INT;
    private volatile int breadcrumbLevel = INFO_INT;
    private volatile Set<String> mdcTags = Collections.emptySet();
    private SharedClient.Lease lease;

    // ------------------------------------------------------------------ properties

    /** Comma-separated destination URIs; empty or unresolved means "use the external configuration". */
    public void setDestinations(String value) {
        if (value == null || value.trim().isEmpty()) {
            destinationsProblem = "destinations is empty; using the external configuration";
        } else if (undefinedVariable(value) != null) {
            destinationsProblem = "destinations refers to the undefined variable " + undefinedVariable(value)
                    + "; using the external configuration";
        } else {
            destinationsProblem = null;
            options.put(ConfigKey.DESTINATIONS, value.trim());
        }
    }

    /** Level from which a line becomes an event (default ERROR). */
    public void setMinimumEventLevel(String value) {
        eventLevel = parseLevel("minimumEventLevel", value, eventLevel);
    }

    /** Level from which a line below the event level becomes a breadcrumb (default INFO). */
    public void setMinimumBreadcrumbLevel(String value) {
        breadcrumbLevel = parseLevel("minimumBreadcrumbLevel", value, breadcrumbLevel);
    }

    /** Comma-separated MDC keys that become tags; every other MDC entry goes to the {@code mdc} context. */
    public void setMdcTags(String value) {
        Set<String> keys = new HashSet<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.trim().isEmpty()) {
                    keys.add(part.trim());
                }
            }
        }
        mdcTags = Collections.unmodifiableSet(keys);
    }

    /** Any core option as {@code key=value} ({@code <option>sample-rate=0.5</option>}); may repeat. */
    public void addOption(String keyEqualsValue) {
        int eq = keyEqualsValue == null ? -1 : keyEqualsValue.indexOf('=');
        ConfigKey key = eq <= 0 ? null : ConfigKey.forKey(keyEqualsValue.substring(0, eq));
        if (key == null) {
            problems.add("option '" + (eq <= 0 ? keyEqualsValue : keyEqualsValue.substring(0, eq))
                    + "' ignored; expected key=value with a Telltale configuration key");
            return;
        }
        if (key == ConfigKey.DESTINATIONS) {
            setDestinations(keyEqualsValue.substring(eq + 1));
        } else {
            option(key, keyEqualsValue.substring(eq + 1));
        }
    }

    public void setRelease(String v) {
        option(ConfigKey.RELEASE, v);
    }

    public void setEnvironment(String v) {
        option(ConfigKey.ENVIRONMENT, v);
    }

    public void setDist(String v) {
        option(ConfigKey.DIST, v);
    }

    public void setServerName(String v) {
        option(ConfigKey.SERVER_NAME, v);
    }

    public void setInAppPackages(String v) {
        option(ConfigKey.IN_APP_PACKAGES, v);
    }

    public void setInAppExcludes(String v) {
        option(ConfigKey.IN_APP_EXCLUDES, v);
    }

    public void setSampleRate(String v) {
        option(ConfigKey.SAMPLE_RATE, v);
    }

    public void setMaxBreadcrumbs(String v) {
        option(ConfigKey.MAX_BREADCRUMBS, v);
    }

    public void setSendDefaultPii(String v) {
        option(ConfigKey.SEND_DEFAULT_PII, v);
    }

    public void setIgnoredExceptions(String v) {
        option(ConfigKey.IGNORED_EXCEPTIONS, v);
    }

    /** {@code k=v,k=v} set on every event. */
    public void setTags(String v) {
        option(ConfigKey.TAGS, v);
    }

    public void setEnabled(String v) {
        option(ConfigKey.ENABLED, v);
    }

    public void setDebug(String v) {
        option(ConfigKey.DEBUG, v);
    }

    public void setOutboxDir(String v) {
        option(ConfigKey.OUTBOX_DIR, v);
    }

    public void setOutboxMaxFiles(String v) {
        option(ConfigKey.OUTBOX_MAX_FILES, v);
    }

    public void setOutboxMaxBytes(String v) {
        option(ConfigKey.OUTBOX_MAX_BYTES, v);
    }

    public void setQueueSize(String v) {
        option(ConfigKey.QUEUE_SIZE, v);
    }

    public void setQueueMaxBytes(String v) {
        option(ConfigKey.QUEUE_MAX_BYTES, v);
    }

    public void setConnectTimeoutMs(String v) {
        option(ConfigKey.CONNECT_TIMEOUT_MS, v);
    }

    public void setReadTimeoutMs(String v) {
        option(ConfigKey.READ_TIMEOUT_MS, v);
    }

    public void setShutdownTimeoutMs(String v) {
        option(ConfigKey.SHUTDOWN_TIMEOUT_MS, v);
    }

    public void setMaxRetryAgeMs(String v) {
        option(ConfigKey.MAX_RETRY_AGE_MS, v);
    }

    public void setProxy(String v) {
        option(ConfigKey.PROXY, v);
    }

    public void setUncaughtHandler(String v) {
        option(ConfigKey.UNCAUGHT_HANDLER, v);
    }

    public void setShutdownHook(String v) {
        option(ConfigKey.SHUTDOWN_HOOK, v);
    }

    private void option(ConfigKey key, String value) {
        if (value == null || value.trim().isEmpty()) {
            return; // "${VAR:-}" left empty: the external configuration decides
        }
        String undefined = undefinedVariable(value);
        if (undefined != null) {
            problems.add(key.key() + " refers to the undefined variable " + undefined
                    + "; using the external configuration");
            return;
        }
        options.put(key, value.trim());
    }

    /** Logback replaces an unset {@code ${VAR}} with {@code VAR_IS_UNDEFINED}; returns VAR or null. */
    private static String undefinedVariable(String value) {
        String v = value.trim();
        if (v.endsWith(UNDEFINED_SUFFIX) && v.indexOf(' ') < 0 && v.indexOf(':') < 0) {
            return v.substring(0, v.length() - UNDEFINED_SUFFIX.length());
        }
        return null;
    }

    private int parseLevel(String property, String value, int fallback) {
        String v = value == null ? "" : value.trim();
        if ("WARNING".equalsIgnoreCase(v)) {
            return WARN_INT;
        }
        ch.qos.logback.classic.Level level = ch.qos.logback.classic.Level.toLevel(v, null);
        if (level == null) {
            problems.add(
                    property + ": '" + value + "' is not a Logback level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); using "
                            + ch.qos.logback.classic.Level.toLevel(fallback));
            return fallback;
        }
        return level.toInt();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        try {
            for (String p : problems) {
                diagnostics.warn(prefix() + p);
            }
            problems.clear();
            TelltaleClient client = acquireClient();
            // One line about an empty destination: core's own line already covers the embedded default.
            if (destinationsProblem != null
                    && client != null
                    && lease != null
                    && lease.shared()
                    && !client.settings().destinationsDefaulted()) {
                diagnostics.warn(
                        prefix() + destinationsProblem + " (" + String.join(", ", client.destinationNames()) + ")");
            }
        } catch (Throwable e) {
            diagnostics.warn(
                    prefix() + "could not start Telltale: " + e.getClass().getName() + "; log lines are not reported");
        }
        super.start();
    }

    /**
     * The client shared with the facade, the servlet filter and other appenders (several Logback
     * contexts may share it); started from this appender's options when none runs.
     */
    private TelltaleClient acquireClient() {
        synchronized (this) {
            if (lease != null) {
                return lease.client(); // started twice without a stop: still one use
            }
            TelltaleOptions.Builder b = TelltaleOptions.builder();
            for (Map.Entry<ConfigKey, String> e : options.entrySet()) {
                b.set(e.getKey(), e.getValue());
            }
            lease = SharedClient.acquire(b.build());
            if (!lease.startedHere() && lease.client().isEnabled() && !options.isEmpty()) {
                diagnostics.warn(prefix() + "Telltale is already initialised; this appender uses that client"
                        + " and its own options are not applied");
            }
            return lease.client();
        }
    }

    /** Stops appending, then ends this appender's use of the client (the last use of one integrations started closes it). */
    @Override
    public void stop() {
        super.stop();
        try {
            SharedClient.Lease l;
            synchronized (this) {
                l = lease;
                lease = null;
            }
            if (l != null) {
                l.release();
            }
        } catch (Throwable e) {
            diagnostics.warn(prefix() + "could not stop Telltale cleanly: "
                    + e.getClass().getName());
        }
    }

    private String prefix() {
        String n = getName();
        return "logback appender" + (n == null ? "" : " '" + n + "'") + ": ";
    }

    // ------------------------------------------------------------------ appending

    /**
     * The common case, a line below both thresholds, costs one comparison: it skips Logback's filter
     * chain (and on Logback 1.2 its per-appender re-entry guard, a thread-local), which could only
     * lead to dropping it.
     *
     * <p>Logback 1.5.21 gives {@code UnsynchronizedAppenderBase} a no-op re-entry guard: a line logged
     * on this thread while {@link #append} runs (an argument's {@code toString()}) comes back here.
     * That is the application's own line and is reported; what Telltale itself does while capturing
     * is kept out by Telltale's own mark ({@link Reentrancy#active()}), never by Logback's guard.
     */
    @Override
    public void doAppend(ILoggingEvent e) {
        // Before Logback's try/catch (which catches Exception, not Error): nothing here may throw.
        ch.qos.logback.classic.Level l = e == null ? null : e.getLevel();
        if (l == null) {
            return; // no line to judge (a hand-made or deserialised event without a level)
        }
        int level = l.toInt();
        if (level < breadcrumbLevel && level < eventLevel) {
            return;
        }
        super.doAppend(e);
    }

    @Override
    protected void append(ILoggingEvent e) {
        int level = e.getLevel().toInt();
        int events = eventLevel;
        if (level < breadcrumbLevel && level < events) {
            return;
        }
        try {
            TelltaleClient client = Telltale.client();
            if (!client.isEnabled()) {
                return;
            }
            if (level >= events) {
                if (Reentrancy.active() || LogbackEvents.isTelltaleOwn(e)) {
                    countDropped(client);
                } else {
                    client.capture(LogbackEvents.toCapture(e, level, mdcTags));
                }
            } else if (!LogbackEvents.isTelltaleOwn(e)) {
                // addBreadcrumb itself drops a breadcrumb made inside Telltale code (one lookup there, not two)
                client.addBreadcrumb(LogbackEvents.toBreadcrumb(e, level));
            }
        } catch (Throwable t) {
            diagnostics.warnOnce(
                    "append",
                    prefix() + "a log event could not be reported: "
                            + t.getClass().getName() + " (reported once)");
        }
    }

    /** A line from inside Telltale is counted as the client counts its own re-entrant captures (REENTRANT). */
    private static void countDropped(TelltaleClient client) {
        Reentrancy.countDropped(client);
    }
}
