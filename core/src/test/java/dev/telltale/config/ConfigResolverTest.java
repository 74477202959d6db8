package dev.telltale.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sources and precedence, with every source given explicitly: the machine's own cannot leak in. */
class ConfigResolverTest {
    private final Map<ConfigKey, String> code = new EnumMap<>(ConfigKey.class);
    private final Map<String, String> sys = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> file = new HashMap<>();

    private Settings resolve() {
        return new ConfigResolver(code, sys, env, file).resolve(null, Collections.<String>emptyList());
    }

    @Test
    void codeWinsOverSystemPropertiesOverEnvironmentOverFile() {
        code.put(ConfigKey.RELEASE, "code");
        sys.put("telltale.release", "sys");
        env.put("TELLTALE_RELEASE", "env");
        file.put("release", "file");
        assertEquals("code", resolve().release());
        code.clear();
        assertEquals("sys", resolve().release());
        sys.clear();
        assertEquals("env", resolve().release());
        env.clear();
        assertEquals("file", resolve().release());
        file.clear();
        assertEquals("", resolve().release());
    }

    @Test
    void precedenceIsPerKey() {
        code.put(ConfigKey.RELEASE, "code");
        env.put("TELLTALE_ENVIRONMENT", "env");
        file.put("sample-rate", "0.5");
        file.put("release", "file");
        Settings s = resolve();
        assertEquals("code", s.release());
        assertEquals("env", s.environment());
        assertEquals(0.5, s.sampleRate());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        env.put("TELLTALE_MAX_BREADCRUMBS", "7");
        env.put("TELLTALE_SEND_DEFAULT_PII", "true");
        env.put("TELLTALE_IN_APP_PACKAGES", " com.shop , ,org.x ");
        Settings s = resolve();
        assertEquals(7, s.maxBreadcrumbs());
        assertTrue(s.sendDefaultPii());
        assertEquals(List.of("com.shop", "org.x"), s.inAppPackages());
        assertEquals("TELLTALE_SAMPLE_RATE", ConfigKey.SAMPLE_RATE.environmentVariable());
        assertEquals("telltale.sample-rate", ConfigKey.SAMPLE_RATE.systemProperty());
    }

    @Test
    void nothingConfiguredGivesTheEmbeddedFileDefaultAndDocumentedDefaults() {
        Settings s = resolve();
        assertEquals(List.of("file:" + ConfigResolver.DEFAULT_EVENTS_DIR), s.destinations());
        assertTrue(s.destinationsDefaulted());
        assertEquals("production", s.environment());
        assertEquals(1.0, s.sampleRate());
        assertEquals(100, s.maxBreadcrumbs());
        assertFalse(s.sendDefaultPii());
        assertTrue(s.enabled());
        assertFalse(s.debug());
        assertEquals(1000, s.queueSize());
        assertEquals(2000, s.shutdownTimeoutMillis());
        assertTrue(s.uncaughtHandler());
        assertTrue(s.shutdownHook());
        assertTrue(s.problems().isEmpty(), s.problems().toString());
        assertTrue(s.outboxDir().toString().contains("telltale-outbox"));
    }

    @Test
    void destinationsAreSplitAndTrimmed() {
        code.put(ConfigKey.DESTINATIONS, " console: , file:/tmp/x ,, ");
        Settings s = resolve();
        assertEquals(List.of("console:", "file:/tmp/x"), s.destinations());
        assertFalse(s.destinationsDefaulted());
    }

    @Test
    void sentryAndBugsnagVariablesSelectDestinationsWhenNoneIsGiven() {
        env.put("SENTRY_DSN", " http://key@127.0.0.1:9000/3 ");
        env.put("SENTRY_RELEASE", "shop@2");
        env.put("SENTRY_ENVIRONMENT", "staging");
        env.put("BUGSNAG_API_KEY", "abc123");
        Settings s = resolve();
        assertEquals(List.of("http://key@127.0.0.1:9000/3", "bugsnag://abc123"), s.destinations());
        assertFalse(s.destinationsDefaulted());
        assertEquals("shop@2", s.release());
        assertEquals("staging", s.environment());
    }

    @Test
    void sentryDsnSystemPropertyWinsOverTheEnvironment() {
        sys.put("sentry.dsn", "http://sys@127.0.0.1:1/1");
        env.put("SENTRY_DSN", "http://env@127.0.0.1:1/1");
        assertEquals(List.of("http://sys@127.0.0.1:1/1"), resolve().destinations());
    }

    @Test
    void sentryAndBugsnagVariablesAreIgnoredWhenADestinationIsGiven() {
        env.put("SENTRY_DSN", "http://key@127.0.0.1:9000/3");
        env.put("SENTRY_RELEASE", "sentry-release");
        env.put("SENTRY_ENVIRONMENT", "sentry-env");
        env.put("BUGSNAG_API_KEY", "abc123");
        file.put("destinations", "console:");
        Settings s = resolve();
        assertEquals(List.of("console:"), s.destinations());
        assertEquals("", s.release());
        assertEquals("production", s.environment());
    }

    @Test
    void telltaleReleaseAndEnvironmentWinOverSentrys() {
        env.put("SENTRY_DSN", "http://key@127.0.0.1:9000/3");
        env.put("SENTRY_RELEASE", "sentry-release");
        env.put("SENTRY_ENVIRONMENT", "sentry-env");
        file.put("release", "mine");
        file.put("environment", "my-env");
        Settings s = resolve();
        assertEquals("mine", s.release());
        assertEquals("my-env", s.environment());
    }

    @Test
    void blankSentryValuesAreIgnored() {
        env.put("SENTRY_DSN", "  ");
        env.put("SENTRY_ENVIRONMENT", "");
        Settings s = resolve();
        assertTrue(s.destinationsDefaulted());
        assertEquals("production", s.environment());
    }

    @Test
    void booleansAcceptCommonSpellings() {
        for (String t : new String[] {"true", "TRUE", " yes ", "on", "1"}) {
            code.put(ConfigKey.DEBUG, t);
            assertTrue(resolve().debug(), t);
        }
        for (String f : new String[] {"false", "No", "off", "0"}) {
            code.put(ConfigKey.ENABLED, f);
            assertFalse(resolve().enabled(), f);
        }
    }

    @Test
    void numbersMayUseUnderscores() {
        code.put(ConfigKey.QUEUE_MAX_BYTES, "1_048_576");
        assertEquals(1_048_576L, resolve().queueMaxBytes());
    }

    @Test
    void tagsAreParsedAndABadPairIsReportedOnce() {
        code.put(ConfigKey.TAGS, "region=eu, tier = gold ,broken,=x");
        Settings s = resolve();
        assertEquals(Map.of("region", "eu", "tier", "gold"), s.tags());
        assertEquals(2, s.problems().size(), s.problems().toString());
        assertTrue(
                s.problems().get(0).contains("'broken'") && s.problems().get(0).contains("key=value"));
    }

    @Test
    void proxyMustBeHostAndPort() {
        code.put(ConfigKey.PROXY, "127.0.0.1:3128");
        assertEquals("127.0.0.1:3128", resolve().proxy());
    }

    @Test
    void earlierProblemsAreKept() {
        Settings s = new ConfigResolver(code, sys, env, file).resolve(null, List.of("earlier"));
        assertEquals(List.of("earlier"), s.problems());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sample-rate|1.5|a number from 0.0 to 1.0",
                "sample-rate|NaN|a number from 0.0 to 1.0",
                "sample-rate|half|a number from 0.0 to 1.0",
                "max-breadcrumbs|-1|a whole number from 0 to 1000",
                "max-breadcrumbs|5000|a whole number from 0 to 1000",
                "max-breadcrumbs|ten|a whole number from 0 to 1000",
                "queue-size|0|a whole number of events from 1 to 100000",
                "queue-max-bytes|100|a whole number of bytes from 65536",
                "max-in-flight|0|a whole number of requests from 1 to 16",
                "max-in-flight|17|a whole number of requests from 1 to 16",
                "outbox-max-files|0|a whole number from 1 to 1000000",
                "outbox-max-bytes|12|a whole number of bytes from 1024",
                "connect-timeout-ms|0|milliseconds from 1 to 600000",
                "read-timeout-ms|soon|milliseconds from 1 to 600000",
                "shutdown-timeout-ms|-5|milliseconds from 0 to 600000",
                "max-retry-age-ms|10|milliseconds from 1000",
                "send-default-pii|maybe|true or false",
                "enabled|nope|true or false",
                "debug|verbose|true or false",
                "uncaught-handler|2|true or false",
                "shutdown-hook|y|true or false",
                "proxy|no-port|host:port of an HTTP proxy",
                "proxy|host:99999|host:port of an HTTP proxy",
            })
    void badValueGivesOneClearLineAndTheDefault(String key, String value, String expected) {
        ConfigKey k = ConfigKey.forKey(key);
        Settings defaults = resolve();
        env.put(k.environmentVariable(), value);
        Settings s = resolve();
        assertEquals(1, s.problems().size(), s.problems().toString());
        String line = s.problems().get(0);
        assertTrue(line.contains(key), line);
        assertTrue(line.contains("'" + value + "'"), line);
        assertTrue(line.contains(expected), line);
        Function<Settings, Object> getter = getter(k);
        assertEquals(getter.apply(defaults), getter.apply(s), "the default is used for " + key);
        assertEquals(defaults.destinations(), s.destinations(), "the rest starts");
    }

    private static Function<Settings, Object> getter(ConfigKey k) {
        switch (k) {
            case SAMPLE_RATE:
                return Settings::sampleRate;
            case MAX_BREADCRUMBS:
                return Settings::maxBreadcrumbs;
            case QUEUE_SIZE:
                return Settings::queueSize;
            case MAX_IN_FLIGHT:
                return Settings::maxInFlight;
            case QUEUE_MAX_BYTES:
                return Settings::queueMaxBytes;
            case OUTBOX_MAX_FILES:
                return Settings::outboxMaxFiles;
            case OUTBOX_MAX_BYTES:
                return Settings::outboxMaxBytes;
            case CONNECT_TIMEOUT_MS:
                return Settings::connectTimeoutMillis;
            case READ_TIMEOUT_MS:
                return Settings::readTimeoutMillis;
            case SHUTDOWN_TIMEOUT_MS:
                return Settings::shutdownTimeoutMillis;
            case MAX_RETRY_AGE_MS:
                return Settings::maxRetryAgeMillis;
            case SEND_DEFAULT_PII:
                return Settings::sendDefaultPii;
            case ENABLED:
                return Settings::enabled;
            case DEBUG:
                return Settings::debug;
            case UNCAUGHT_HANDLER:
                return Settings::uncaughtHandler;
            case SHUTDOWN_HOOK:
                return Settings::shutdownHook;
            case PROXY:
                return Settings::proxy;
            default:
                throw new IllegalArgumentException(k.name());
        }
    }

    @Test
    void severalBadValuesGiveOneLineEach() {
        env.put("TELLTALE_SAMPLE_RATE", "2");
        file.put("max-breadcrumbs", "x");
        code.put(ConfigKey.DEBUG, "loud");
        Settings s = resolve();
        assertEquals(3, s.problems().size(), s.problems().toString());
    }

    @Test
    void aBadValueInAHigherSourceDoesNotFallBackToALowerOne() {
        // The documented rule: the default is used, not the next source's value.
        env.put("TELLTALE_SAMPLE_RATE", "2");
        file.put("sample-rate", "0.5");
        assertEquals(1.0, resolve().sampleRate());
    }

    @Test
    void defaultOutboxDirDependsOnTheApplication() {
        sys.put("java.io.tmpdir", "/tmp/tt");
        sys.put("user.dir", "/srv/a");
        sys.put("sun.java.command", "com.shop.Main --port 8080");
        String a = resolve().outboxDir().toString();
        assertTrue(a.startsWith(Paths.get("/tmp/tt", "telltale-outbox").toString()), a);
        assertTrue(a.contains("com.shop.Main-"), a);
        sys.put("user.dir", "/srv/b");
        assertNotEquals(a, resolve().outboxDir().toString());
        sys.put("user.dir", "/srv/a");
        assertEquals(a, resolve().outboxDir().toString(), "stable across starts");
    }

    @Test
    void forKeyAcceptsThePrefixedForm() {
        assertEquals(ConfigKey.SAMPLE_RATE, ConfigKey.forKey("telltale.sample-rate"));
        assertEquals(ConfigKey.SAMPLE_RATE, ConfigKey.forKey(" sample-rate "));
        assertEquals(null, ConfigKey.forKey("sample_rate"));
        assertEquals(null, ConfigKey.forKey(null));
    }

    @Test
    void everyKeyHasAnExpectationAndAValidDefault() {
        List<String> seen = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            assertFalse(k.expected().isEmpty(), k.name());
            assertFalse(seen.contains(k.key()), "duplicate key " + k.key());
            seen.add(k.key());
            if (!k.defaultValue().isEmpty()) {
                code.put(k, k.defaultValue());
            }
        }
        assertTrue(resolve().problems().isEmpty(), "defaults given explicitly are valid");
    }

    @Test
    void aBadProxyValueIsReportedWithoutItsCredentials() {
        code.put(ConfigKey.PROXY, "ann:hunter2@proxy.local");
        Settings s = resolve();
        assertEquals("", s.proxy());
        assertEquals(1, s.problems().size());
        assertFalse(s.problems().get(0).contains("hunter2"), s.problems().get(0));
        assertFalse(s.problems().get(0).contains("ann"), s.problems().get(0));
        assertTrue(s.problems().get(0).contains("credentials"), s.problems().get(0));
    }

    @Test
    void theSameDestinationTwiceIsUsedOnce() {
        code.put(ConfigKey.DESTINATIONS, "console:, file:/tmp/x, console:");
        assertEquals(List.of("console:", "file:/tmp/x"), resolve().destinations());
    }

    // ---- issue 18 item 7: proxy values ----

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://proxy.local:3128|proxy.local:3128",
                "http://proxy.local:3128/|proxy.local:3128",
                "HTTP://10.0.0.1:8080|10.0.0.1:8080",
                "[::1]:3128|[::1]:3128",
                "http://[fe80::1]:3128|[fe80::1]:3128",
            })
    void aProxyInUrlFormWithoutCredentialsIsTakenAsHostAndPort(String value, String expected) {
        code.put(ConfigKey.PROXY, value);
        Settings s = resolve();
        assertEquals(expected, s.proxy());
        assertTrue(s.problems().isEmpty(), s.problems().toString());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "http://user:pa55word@proxy.local:3128",
                "http://pa55word@proxy.local:3128",
                "user:pa55word@proxy.local:3128",
                "socks5://pa55word@proxy.local:1080",
                "[::1",
                "[::1:3128",
                "[::1]",
                "proxy.local:0",
                "proxy.local:",
                "bad host:3128",
                "http://proxy.local",
                ":3128",
                "[]:3128",
                "proxy.local:3128/x",
            })
    void aProxyWithCredentialsOrMalformedIsRefusedWithOneLineNeverShowingTheCredential(String value) {
        code.put(ConfigKey.PROXY, value);
        Settings s = resolve();
        assertEquals("", s.proxy());
        assertEquals(1, s.problems().size(), s.problems().toString());
        assertFalse(s.problems().get(0).contains("pa55word"), s.problems().get(0));
        assertTrue(s.problems().get(0).startsWith("config proxy:"), s.problems().get(0));
    }

    @Test
    void aBadValueIsEchoedBoundedAndPrintable() {
        StringBuilder big = new StringBuilder();
        while (big.length() < 2_000_000) {
            big.append("9\n");
        }
        code.put(ConfigKey.SAMPLE_RATE, big.toString());
        Settings s = resolve();
        assertEquals(1, s.problems().size());
        assertTrue(
                s.problems().get(0).length() < 300,
                "length " + s.problems().get(0).length());
        assertFalse(s.problems().get(0).contains("\n"));
    }
}
