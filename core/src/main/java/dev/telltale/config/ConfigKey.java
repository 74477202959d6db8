package dev.telltale.config;

import java.util.Locale;

/**
 * Every configuration key, with its default. A key {@code sample-rate} is read from the system
 * property {@code telltale.sample-rate}, the environment variable {@code TELLTALE_SAMPLE_RATE} and
 * the line {@code sample-rate=} (or {@code telltale.sample-rate=}) of {@code telltale.properties}.
 */
public enum ConfigKey {
    DESTINATIONS("destinations", "", "comma-separated destination URIs"),
    RELEASE("release", "", "release name"),
    ENVIRONMENT("environment", "production", "environment name"),
    SERVER_NAME("server-name", "", "host name (resolved in the background when empty)"),
    IN_APP_PACKAGES("in-app-packages", "", "comma-separated package prefixes"),
    IN_APP_EXCLUDES("in-app-excludes", "", "comma-separated package prefixes"),
    SAMPLE_RATE("sample-rate", "1.0", "a number from 0.0 to 1.0"),
    MAX_BREADCRUMBS("max-breadcrumbs", "100", "a whole number from 0 to 1000"),
    OUTBOX_DIR("outbox-dir", "", "a directory path"),
    OUTBOX_MAX_FILES("outbox-max-files", "1000", "a whole number from 1 to 1000000"),
    OUTBOX_MAX_BYTES("outbox-max-bytes", "52428800", "a whole number of bytes from 1024"),
    SEND_DEFAULT_PII("send-default-pii", "false", "true or false"),
    ENABLED("enabled", "true", "true or false"),
    DEBUG("debug", "false", "true or false"),
    QUEUE_SIZE("queue-size", "1000", "a whole number of events from 1 to 100000"),
    QUEUE_MAX_BYTES("queue-max-bytes", "16777216", "a whole number of bytes from 65536"),
    MAX_IN_FLIGHT("max-in-flight", "4", "a whole number of requests from 1 to 16"),
    CONNECT_TIMEOUT_MS("connect-timeout-ms", "5000", "milliseconds from 1 to 600000"),
    READ_TIMEOUT_MS("read-timeout-ms", "10000", "milliseconds from 1 to 600000"),
    SHUTDOWN_TIMEOUT_MS("shutdown-timeout-ms", "2000", "milliseconds from 0 to 600000"),
    MAX_RETRY_AGE_MS("max-retry-age-ms", "86400000", "milliseconds from 1000"),
    RETRY_INITIAL_BACKOFF_MS("retry-initial-backoff-ms", "1000", "milliseconds from 1 to 3600000"),
    RETRY_MAX_BACKOFF_MS("retry-max-backoff-ms", "300000", "milliseconds from 1 to 86400000"),
    PROXY("proxy", "", "host:port of an HTTP proxy"),
    IGNORED_EXCEPTIONS("ignored-exceptions", "", "comma-separated exception class names"),
    TAGS("tags", "", "comma-separated key=value pairs"),
    DIST("dist", "", "distribution name"),
    UNCAUGHT_HANDLER("uncaught-handler", "true", "true or false"),
    SHUTDOWN_HOOK("shutdown-hook", "true", "true or false"),
    ATTACH_STACKTRACE("attach-stacktrace", "true", "true or false"),
    CLIENT_GROUPING("client-grouping", "true", "true or false"),
    SOURCE_ROOTS("source-roots", "", "comma-separated directories or -sources.jar files"),
    SOURCE_CONTEXT_ALL_FRAMES("source-context-all-frames", "false", "true or false"),
    STORM_PER_GROUP("storm-per-group", "10", "a whole number of events from 0 (off) to 1000000"),
    STORM_WINDOW_MS("storm-window-ms", "60000", "milliseconds from 1000 to 86400000");

    private final String key;
    private final String defaultValue;
    private final String expected;

    ConfigKey(String key, String defaultValue, String expected) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.expected = expected;
    }

    /** The key as written in a properties file, e.g. {@code sample-rate}. */
    public String key() {
        return key;
    }

    /** {@code telltale.sample-rate}. */
    public String systemProperty() {
        return "telltale." + key;
    }

    /** {@code TELLTALE_SAMPLE_RATE}. */
    public String environmentVariable() {
        return "TELLTALE_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** The key for a properties-file or code name, or null. */
    public static ConfigKey forKey(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim();
        if (n.startsWith("telltale.")) {
            n = n.substring("telltale.".length());
        }
        for (ConfigKey k : values()) {
            if (k.key.equals(n)) {
                return k;
            }
        }
        return null;
    }
}
