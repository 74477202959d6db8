package dev.telltale.config;

import dev.telltale.BeforeSend;
import dev.telltale.internal.util.Strings;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Resolves {@link Settings} from its sources, highest first: code, system properties
 * ({@code telltale.*}), environment ({@code TELLTALE_*}), a {@code telltale.properties} file (path
 * in {@code telltale.config}, else the classpath root). When no destination is configured anywhere,
 * {@code SENTRY_DSN} / {@code BUGSNAG_API_KEY} select one, else the embedded file default.
 *
 * <p>A bad value never stops start-up: it yields one line in {@link Settings#problems()} naming the
 * key, the value and what is expected, and the default is used.
 */
public final class ConfigResolver {
    /** Directory of the embedded default destination, relative to the working directory. */
    public static final String DEFAULT_EVENTS_DIR = "telltale-events";

    private final Map<ConfigKey, String> code;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> file;

    public ConfigResolver(
            Map<ConfigKey, String> code,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            Map<String, String> file) {
        this.code = code;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.file = file;
    }

    /** A resolver over this process: its system properties, its environment, its {@code telltale.properties}. */
    public static ConfigResolver forProcess(Map<ConfigKey, String> code, List<String> problems) {
        Map<String, String> sys = systemPropertiesSnapshot();
        Map<String, String> env;
        try {
            env = System.getenv();
        } catch (SecurityException e) {
            env = Collections.emptyMap();
        }
        return new ConfigResolver(
                code, sys, env, loadFile(sys.get("telltale.config"), env.get("TELLTALE_CONFIG"), problems));
    }

    private static Map<String, String> systemPropertiesSnapshot() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            Properties p = System.getProperties();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("telltale.")
                        || name.startsWith("sentry.")
                        || name.startsWith("java.")
                        || name.startsWith("user.")
                        || name.equals("sun.java.command")) {
                    m.put(name, p.getProperty(name));
                }
            }
        } catch (SecurityException ignored) {
            // A security manager may forbid reading them; fall back to the other sources.
        }
        return m;
    }

    /** Reads {@code telltale.properties} (see {@link ConfigFile}). */
    static Map<String, String> loadFile(String sysPath, String envPath, List<String> problems) {
        return ConfigFile.load(sysPath, envPath, problems);
    }

    /** The raw value of a key from the highest source that sets it, or null. */
    String raw(ConfigKey k) {
        String v = code.get(k);
        if (v != null) {
            return v;
        }
        v = systemProperties.get(k.systemProperty());
        if (v != null) {
            return v;
        }
        v = environment.get(k.environmentVariable());
        if (v != null) {
            return v;
        }
        return file.get(k.key());
    }

    public Settings resolve(BeforeSend beforeSend, List<String> earlierProblems) {
        SettingsValues v = new SettingsValues();
        v.problems.addAll(earlierProblems);
        v.beforeSend = beforeSend == null ? BeforeSend.IDENTITY : beforeSend;

        // The same URI twice would send every event twice and share one statistics entry.
        v.destinations = new ArrayList<>(new java.util.LinkedHashSet<>(list(raw(ConfigKey.DESTINATIONS))));
        v.release = str(ConfigKey.RELEASE);
        v.environment = str(ConfigKey.ENVIRONMENT);
        if (v.destinations.isEmpty()) {
            // Existing Sentry / BugSnag deployments just work. Only then: once Telltale's own
            // destinations are given, another tool's variables left in the environment do not apply.
            String dsn = firstNonBlank(systemProperties.get("sentry.dsn"), environment.get("SENTRY_DSN"));
            String bugsnag = environment.get("BUGSNAG_API_KEY");
            List<String> fallback = new ArrayList<>();
            if (!Strings.isBlank(dsn)) {
                fallback.add(dsn.trim());
            }
            if (!Strings.isBlank(bugsnag)) {
                fallback.add("bugsnag://" + bugsnag.trim());
            }
            v.destinations = fallback;
            if (raw(ConfigKey.RELEASE) == null) {
                v.release = Strings.orEmpty(firstNonBlank(
                                systemProperties.get("sentry.release"), environment.get("SENTRY_RELEASE")))
                        .trim();
            }
            if (raw(ConfigKey.ENVIRONMENT) == null) {
                String env = firstNonBlank(
                        systemProperties.get("sentry.environment"), environment.get("SENTRY_ENVIRONMENT"));
                if (!Strings.isBlank(env)) {
                    v.environment = env.trim();
                }
            }
        }
        if (v.destinations.isEmpty()) {
            v.destinations = Collections.singletonList("file:" + DEFAULT_EVENTS_DIR);
            v.destinationsDefaulted = true;
        }
        v.destinations = Collections.unmodifiableList(v.destinations);
        v.serverName = str(ConfigKey.SERVER_NAME);
        v.inAppPackages = list(raw(ConfigKey.IN_APP_PACKAGES));
        v.inAppExcludes = list(raw(ConfigKey.IN_APP_EXCLUDES));
        v.sampleRate = dbl(ConfigKey.SAMPLE_RATE, 0.0, 1.0, v.problems);
        v.maxBreadcrumbs = (int) lng(ConfigKey.MAX_BREADCRUMBS, 0, 1000, v.problems);
        v.outboxDir = outboxDir(v.problems);
        v.outboxMaxFiles = (int) lng(ConfigKey.OUTBOX_MAX_FILES, 1, 1_000_000, v.problems);
        v.outboxMaxBytes = lng(ConfigKey.OUTBOX_MAX_BYTES, 1024, Long.MAX_VALUE, v.problems);
        v.sendDefaultPii = bool(ConfigKey.SEND_DEFAULT_PII, v.problems);
        v.enabled = bool(ConfigKey.ENABLED, v.problems);
        v.debug = bool(ConfigKey.DEBUG, v.problems);
        v.queueSize = (int) lng(ConfigKey.QUEUE_SIZE, 1, 100_000, v.problems);
        v.maxInFlight = (int) lng(ConfigKey.MAX_IN_FLIGHT, 1, 16, v.problems);
        v.queueMaxBytes = lng(ConfigKey.QUEUE_MAX_BYTES, 65_536, Long.MAX_VALUE, v.problems);
        v.connectTimeoutMillis = (int) lng(ConfigKey.CONNECT_TIMEOUT_MS, 1, 600_000, v.problems);
        v.readTimeoutMillis = (int) lng(ConfigKey.READ_TIMEOUT_MS, 1, 600_000, v.problems);
        v.shutdownTimeoutMillis = lng(ConfigKey.SHUTDOWN_TIMEOUT_MS, 0, 600_000, v.problems);
        v.maxRetryAgeMillis = lng(ConfigKey.MAX_RETRY_AGE_MS, 1000, Long.MAX_VALUE, v.problems);
        v.retryInitialBackoffMillis = lng(ConfigKey.RETRY_INITIAL_BACKOFF_MS, 1, 3_600_000, v.problems);
        v.retryMaxBackoffMillis = lng(ConfigKey.RETRY_MAX_BACKOFF_MS, 1, 86_400_000, v.problems);
        v.proxy = ProxyValue.parse(raw(ConfigKey.PROXY), v.problems);
        v.ignoredExceptions = list(raw(ConfigKey.IGNORED_EXCEPTIONS));
        v.tags = tags(v.problems);
        v.dist = str(ConfigKey.DIST);
        v.uncaughtHandler = bool(ConfigKey.UNCAUGHT_HANDLER, v.problems);
        v.shutdownHook = bool(ConfigKey.SHUTDOWN_HOOK, v.problems);
        v.attachStacktrace = bool(ConfigKey.ATTACH_STACKTRACE, v.problems);
        v.clientGrouping = bool(ConfigKey.CLIENT_GROUPING, v.problems);
        v.sourceRoots = list(raw(ConfigKey.SOURCE_ROOTS));
        v.sourceContextAllFrames = bool(ConfigKey.SOURCE_CONTEXT_ALL_FRAMES, v.problems);
        v.stormPerGroup = (int) lng(ConfigKey.STORM_PER_GROUP, 0, 1_000_000, v.problems);
        v.stormWindowMillis = lng(ConfigKey.STORM_WINDOW_MS, 1000, 86_400_000, v.problems);
        return new Settings(v);
    }

    private String str(ConfigKey k) {
        String v = raw(k);
        return v == null ? k.defaultValue() : v.trim();
    }

    private static String firstNonBlank(String a, String b) {
        return !Strings.isBlank(a) ? a : (!Strings.isBlank(b) ? b : null);
    }

    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static String problem(ConfigKey k, String value, String fallback) {
        return "config " + k.key() + ": '" + echo(value) + "' is not valid; expected " + k.expected() + "; using "
                + (fallback.isEmpty() ? "no value" : "'" + fallback + "'");
    }

    /** A bad value as shown in a problem line: printable, at most 64 characters. */
    static String echo(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            if (b.length() >= 64) {
                return b.append('\u2026').toString();
            }
            char c = value.charAt(i);
            b.append(c < ' ' || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }

    private boolean bool(ConfigKey k, List<String> problems) {
        String v = raw(k);
        if (v == null) {
            return Boolean.parseBoolean(k.defaultValue());
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("1")) {
            return true;
        }
        if (t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0")) {
            return false;
        }
        problems.add(problem(k, v, k.defaultValue()));
        return Boolean.parseBoolean(k.defaultValue());
    }

    private long lng(ConfigKey k, long min, long max, List<String> problems) {
        return ranged(k, t -> Long.parseLong(t.replace("_", "")), min, max, problems);
    }

    private double dbl(ConfigKey k, double min, double max, List<String> problems) {
        return ranged(k, Double::parseDouble, min, max, problems); // NaN compares above every max
    }

    /** The key's number within [min, max]; else one problem line and the default. */
    private <N extends Comparable<N>> N ranged(
            ConfigKey k, Function<String, N> parse, N min, N max, List<String> problems) {
        N def = parse.apply(k.defaultValue());
        String v = raw(k);
        if (v == null) {
            return def;
        }
        try {
            N n = parse.apply(v.trim());
            if (n.compareTo(min) >= 0 && n.compareTo(max) <= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same line as a value out of range
        }
        problems.add(problem(k, v, k.defaultValue()));
        return def;
    }

    private Map<String, String> tags(List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : list(raw(ConfigKey.TAGS))) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add("config tags: '" + echo(pair) + "' is not valid; expected key=value; ignoring it");
                continue;
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(out);
    }

    private Path outboxDir(List<String> problems) {
        String v = raw(ConfigKey.OUTBOX_DIR);
        if (!Strings.isBlank(v)) {
            try {
                return Paths.get(v.trim());
            } catch (InvalidPathException e) {
                problems.add(problem(ConfigKey.OUTBOX_DIR, v, "the default directory"));
            }
        }
        return defaultOutboxDir();
    }

    /**
     * {@code <tmp>/telltale-outbox/<app>-<hash>}: one per application (main class or jar and working
     * directory), so that the next start of the same application resends what this one left.
     */
    Path defaultOutboxDir() {
        String tmp = systemProperties.get("java.io.tmpdir");
        if (Strings.isBlank(tmp)) {
            tmp = System.getProperty("java.io.tmpdir", ".");
        }
        String command =
                Strings.orEmpty(systemProperties.get("sun.java.command")).trim();
        String main = command.isEmpty() ? "app" : command.split("\\s+")[0];
        int slash = Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\'));
        String slug = main.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (slug.length() > 48) {
            slug = slug.substring(slug.length() - 48);
        }
        String dir = Strings.orEmpty(systemProperties.get("user.dir"));
        return Paths.get(tmp, "telltale-outbox", slug + "-" + shortHash(dir + "|" + main));
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Strings.hex(d).substring(0, 10);
        } catch (Exception e) {
            return Integer.toHexString(s.hashCode());
        }
    }

    /** An empty code map, for callers that set nothing in code. */
    public static Map<ConfigKey, String> noCode() {
        return new EnumMap<>(ConfigKey.class);
    }
}
