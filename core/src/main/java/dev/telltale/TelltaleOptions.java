package dev.telltale;

import dev.telltale.config.ConfigKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options set in code. They take precedence over system properties, the environment and
 * {@code telltale.properties}; every option left unset here is read from those sources. Immutable:
 * once built, the options of a running client cannot change.
 *
 * <pre>{@code
 * Telltale.init(TelltaleOptions.builder()
 *     .destinations("https://key@o1.ingest.sentry.io/42")
 *     .release("shop@1.4.2")
 *     .build());
 * }</pre>
 */
public final class TelltaleOptions {
    private final Map<ConfigKey, String> values;
    private final BeforeSend beforeSend;
    private final boolean externalConfig;
    private final List<String> problems;

    private TelltaleOptions(Builder b) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        this.beforeSend = b.beforeSend;
        this.externalConfig = b.externalConfig;
        this.problems = Collections.unmodifiableList(new ArrayList<>(b.problems));
    }

    /** Problems found while the options were set (unknown keys); reported when the client starts. */
    List<String> problems() {
        return problems;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No option in code: everything comes from the external sources. */
    public static TelltaleOptions external() {
        return builder().build();
    }

    /** The values set in code, by key. */
    public Map<ConfigKey, String> values() {
        return values;
    }

    /** The callback, or null when none was set. */
    BeforeSend beforeSendOrNull() {
        return beforeSend;
    }

    /** False when the external sources are ignored (tests, embedded uses). */
    public boolean externalConfig() {
        return externalConfig;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.beforeSend = beforeSend;
        b.externalConfig = externalConfig;
        b.problems.addAll(problems);
        return b;
    }

    /** Collects options; nothing is validated until the client starts (bad values get one clear line). */
    public static final class Builder {
        private final EnumMap<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        private BeforeSend beforeSend;
        private boolean externalConfig = true;
        private final List<String> problems = new ArrayList<>();

        private Builder() {}

        /** Sets any option by key (as in {@code telltale.properties}); null clears it. */
        public Builder set(ConfigKey key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            return this;
        }

        /** Sets an option by its name ({@code "sample-rate"}); an unknown name is reported at start, never thrown. */
        public Builder set(String key, String value) {
            ConfigKey k = ConfigKey.forKey(key);
            if (k == null) {
                // A typo must not throw into the application's start-up: it is reported when the client starts.
                problems.add("option '" + key + "' set in code is unknown and was ignored");
                return this;
            }
            return set(k, value);
        }

        /** Comma-separated destination URIs: Sentry DSNs, {@code bugsnag://KEY}, {@code file:DIR}, ... */
        public Builder destinations(String uris) {
            return set(ConfigKey.DESTINATIONS, uris);
        }

        public Builder destinations(List<String> uris) {
            return set(ConfigKey.DESTINATIONS, String.join(",", uris));
        }

        public Builder release(String v) {
            return set(ConfigKey.RELEASE, v);
        }

        public Builder environment(String v) {
            return set(ConfigKey.ENVIRONMENT, v);
        }

        public Builder serverName(String v) {
            return set(ConfigKey.SERVER_NAME, v);
        }

        public Builder inAppPackages(String... prefixes) {
            return set(ConfigKey.IN_APP_PACKAGES, String.join(",", prefixes));
        }

        public Builder sampleRate(double v) {
            return set(ConfigKey.SAMPLE_RATE, Double.toString(v));
        }

        public Builder maxBreadcrumbs(int v) {
            return set(ConfigKey.MAX_BREADCRUMBS, Integer.toString(v));
        }

        public Builder outboxDir(String v) {
            return set(ConfigKey.OUTBOX_DIR, v);
        }

        public Builder sendDefaultPii(boolean v) {
            return set(ConfigKey.SEND_DEFAULT_PII, Boolean.toString(v));
        }

        public Builder enabled(boolean v) {
            return set(ConfigKey.ENABLED, Boolean.toString(v));
        }

        public Builder debug(boolean v) {
            return set(ConfigKey.DEBUG, Boolean.toString(v));
        }

        public Builder queueSize(int v) {
            return set(ConfigKey.QUEUE_SIZE, Integer.toString(v));
        }

        public Builder shutdownTimeoutMillis(long v) {
            return set(ConfigKey.SHUTDOWN_TIMEOUT_MS, Long.toString(v));
        }

        public Builder ignoredExceptions(String... classNames) {
            return set(ConfigKey.IGNORED_EXCEPTIONS, String.join(",", classNames));
        }

        public Builder uncaughtHandler(boolean v) {
            return set(ConfigKey.UNCAUGHT_HANDLER, Boolean.toString(v));
        }

        public Builder shutdownHook(boolean v) {
            return set(ConfigKey.SHUTDOWN_HOOK, Boolean.toString(v));
        }

        /** Whether message events carry the caller's stack (default true). */
        public Builder attachStacktrace(boolean v) {
            return set(ConfigKey.ATTACH_STACKTRACE, Boolean.toString(v));
        }

        /** Directories or {@code -sources.jar} files to read frames' source lines from. */
        public Builder sourceRoots(String... roots) {
            return set(ConfigKey.SOURCE_ROOTS, String.join(",", roots));
        }

        /** The application's callback: change or drop events before they are scrubbed and sent. */
        public Builder beforeSend(BeforeSend v) {
            this.beforeSend = v;
            return this;
        }

        /**
         * Whether to read system properties, the environment and {@code telltale.properties} for
         * options not set here (default true).
         */
        public Builder externalConfig(boolean v) {
            this.externalConfig = v;
            return this;
        }

        public TelltaleOptions build() {
            return new TelltaleOptions(this);
        }
    }
}
