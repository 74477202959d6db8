package dev.telltale.config;

import dev.telltale.BeforeSend;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The resolved, validated configuration of one client: code options over system properties over
 * environment over {@code telltale.properties}, with defaults for the rest. Immutable.
 */
public final class Settings {
    private final List<String> destinations;
    private final boolean destinationsDefaulted;
    private final String release;
    private final String environment;
    private final String serverName;
    private final List<String> inAppPackages;
    private final List<String> inAppExcludes;
    private final double sampleRate;
    private final int maxBreadcrumbs;
    private final Path outboxDir;
    private final int outboxMaxFiles;
    private final long outboxMaxBytes;
    private final boolean sendDefaultPii;
    private final boolean enabled;
    private final boolean debug;
    private final int queueSize;
    private final int maxInFlight;
    private final long queueMaxBytes;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final long shutdownTimeoutMillis;
    private final long maxRetryAgeMillis;
    private final long retryInitialBackoffMillis;
    private final long retryMaxBackoffMillis;
    private final String proxy;
    private final List<String> ignoredExceptions;
    private final Map<String, String> tags;
    private final String dist;
    private final boolean uncaughtHandler;
    private final boolean shutdownHook;
    private final boolean attachStacktrace;
    private final boolean clientGrouping;
    private final List<String> sourceRoots;
    private final boolean sourceContextAllFrames;
    private final int stormPerGroup;
    private final long stormWindowMillis;
    private final BeforeSend beforeSend;
    private final List<String> problems;

    Settings(SettingsValues v) {
        this.destinations = v.destinations;
        this.destinationsDefaulted = v.destinationsDefaulted;
        this.release = v.release;
        this.environment = v.environment;
        this.serverName = v.serverName;
        this.inAppPackages = v.inAppPackages;
        this.inAppExcludes = v.inAppExcludes;
        this.sampleRate = v.sampleRate;
        this.maxBreadcrumbs = v.maxBreadcrumbs;
        this.outboxDir = v.outboxDir;
        this.outboxMaxFiles = v.outboxMaxFiles;
        this.outboxMaxBytes = v.outboxMaxBytes;
        this.sendDefaultPii = v.sendDefaultPii;
        this.enabled = v.enabled;
        this.debug = v.debug;
        this.queueSize = v.queueSize;
        this.maxInFlight = v.maxInFlight;
        this.queueMaxBytes = v.queueMaxBytes;
        this.connectTimeoutMillis = v.connectTimeoutMillis;
        this.readTimeoutMillis = v.readTimeoutMillis;
        this.shutdownTimeoutMillis = v.shutdownTimeoutMillis;
        this.maxRetryAgeMillis = v.maxRetryAgeMillis;
        this.retryInitialBackoffMillis = v.retryInitialBackoffMillis;
        this.retryMaxBackoffMillis = Math.max(v.retryInitialBackoffMillis, v.retryMaxBackoffMillis);
        this.proxy = v.proxy;
        this.ignoredExceptions = v.ignoredExceptions;
        this.tags = v.tags;
        this.dist = v.dist;
        this.uncaughtHandler = v.uncaughtHandler;
        this.shutdownHook = v.shutdownHook;
        this.attachStacktrace = v.attachStacktrace;
        this.clientGrouping = v.clientGrouping;
        this.sourceRoots = v.sourceRoots == null ? Collections.<String>emptyList() : v.sourceRoots;
        this.sourceContextAllFrames = v.sourceContextAllFrames;
        this.stormPerGroup = v.stormPerGroup;
        this.stormWindowMillis = v.stormWindowMillis;
        this.beforeSend = v.beforeSend;
        this.problems = Collections.unmodifiableList(v.problems);
    }

    /** Destination URIs, never empty when enabled (the embedded file default fills in). */
    public List<String> destinations() {
        return destinations;
    }

    /** True when no destination was configured and the embedded default was chosen. */
    public boolean destinationsDefaulted() {
        return destinationsDefaulted;
    }

    public String release() {
        return release;
    }

    public String environment() {
        return environment;
    }

    /** Configured host name; empty means "resolve it in the background". */
    public String serverName() {
        return serverName;
    }

    /** Configured in-app package prefixes; empty means "infer them". */
    public List<String> inAppPackages() {
        return inAppPackages;
    }

    public List<String> inAppExcludes() {
        return inAppExcludes;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public int maxBreadcrumbs() {
        return maxBreadcrumbs;
    }

    public Path outboxDir() {
        return outboxDir;
    }

    public int outboxMaxFiles() {
        return outboxMaxFiles;
    }

    public long outboxMaxBytes() {
        return outboxMaxBytes;
    }

    public boolean sendDefaultPii() {
        return sendDefaultPii;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean debug() {
        return debug;
    }

    public int queueSize() {
        return queueSize;
    }

    /** Requests one destination may have in flight at once (1: strictly one after the other). */
    public int maxInFlight() {
        return maxInFlight;
    }

    public long queueMaxBytes() {
        return queueMaxBytes;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    public long shutdownTimeoutMillis() {
        return shutdownTimeoutMillis;
    }

    public long maxRetryAgeMillis() {
        return maxRetryAgeMillis;
    }

    /** First delay after a failed delivery; it doubles (with jitter) up to {@link #retryMaxBackoffMillis()}. */
    public long retryInitialBackoffMillis() {
        return retryInitialBackoffMillis;
    }

    public long retryMaxBackoffMillis() {
        return retryMaxBackoffMillis;
    }

    /** {@code host:port}, or empty for the JDK's own proxy settings. */
    public String proxy() {
        return proxy;
    }

    public List<String> ignoredExceptions() {
        return ignoredExceptions;
    }

    /** Tags put on every event. */
    public Map<String, String> tags() {
        return tags;
    }

    public String dist() {
        return dist;
    }

    public boolean uncaughtHandler() {
        return uncaughtHandler;
    }

    public boolean shutdownHook() {
        return shutdownHook;
    }

    /** Message events carry the caller's stack (on by default). */
    public boolean attachStacktrace() {
        return attachStacktrace;
    }

    /** Events without a fingerprint of their own get Telltale's (see {@code processing.Fingerprint}). */
    public boolean clientGrouping() {
        return clientGrouping;
    }

    /** Directories and {@code -sources.jar} files where frames' source lines are looked up; empty: none. */
    public List<String> sourceRoots() {
        return sourceRoots;
    }

    /** Source lines for every frame found in the roots, not only in-app ones. */
    public boolean sourceContextAllFrames() {
        return sourceContextAllFrames;
    }

    /**
     * During a storm (events are being lost to capacity), how many events of one group (fingerprint)
     * pass per {@link #stormWindowMillis()}; the rest are dropped, counted {@code STORM_DUPLICATE}.
     * 0: off.
     */
    public int stormPerGroup() {
        return stormPerGroup;
    }

    /** The window of {@link #stormPerGroup()}, and how long a storm lasts after the last loss. */
    public long stormWindowMillis() {
        return stormWindowMillis;
    }

    /** The user's callback, or {@link BeforeSend#IDENTITY}. */
    public BeforeSend beforeSend() {
        return beforeSend;
    }

    /** One line per bad value found while resolving (the default was used instead). */
    public List<String> problems() {
        return problems;
    }
}
