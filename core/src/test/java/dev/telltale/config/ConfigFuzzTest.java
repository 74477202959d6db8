package dev.telltale.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.adversarial.FuzzInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every option given generated values (numbers at and past their bounds, words, controls, huge
 * strings, proxies with credentials) and generated {@code telltale.properties} files (bad escapes,
 * continuation lines, binary, Latin-1): resolving never throws, every problem is one bounded,
 * printable line, and a proxy's credential is never shown.
 */
class ConfigFuzzTest {
    static final String PASSWORD = "Pw7Hk3Jd9Lm2";
    private static final String[] NUMBERS = {
        "0",
        "-1",
        "1",
        "1000",
        "1001",
        "65536",
        "9223372036854775807",
        "9223372036854775808",
        "1e3",
        "0x10",
        "1_000",
        " 5 ",
        "NaN",
        "Infinity",
        "-0",
        "0.5",
        "1.0000001",
        ""
    };
    private static final String[] PROXIES = {
        "proxy.local:3128",
        "http://u:" + PASSWORD + "@proxy.local:3128",
        PASSWORD + "@proxy.local:3128",
        "http://" + PASSWORD + "@[::1]:3128",
        "[::1",
        "[::1]:3128",
        "socks5://u:" + PASSWORD + "@h:1080",
        "http://proxy.local:3128/",
        "proxy.local",
        ":3128",
        "u:" + PASSWORD + "@:3128"
    };

    private final Path dir;

    ConfigFuzzTest() {
        try {
            dir = Files.createTempDirectory("telltale-config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<ConfigKey, String> options(FuzzInput in) {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            switch (in.nextInt(5)) {
                case 0:
                    break;
                case 1:
                    m.put(k, in.pick(NUMBERS));
                    break;
                case 2:
                    m.put(k, k == ConfigKey.PROXY ? in.mutate(in.pick(PROXIES)) : in.maybeHuge(40));
                    break;
                case 3:
                    m.put(k, k == ConfigKey.PROXY ? in.pick(PROXIES) : in.mutate(k.defaultValue()));
                    break;
                default:
                    m.put(k, in.string(12));
            }
        }
        return m;
    }

    static void checkProblems(Settings s, boolean proxyHasPassword) {
        for (String p : s.problems()) {
            assertTrue(p.length() <= 600, "problem line of " + p.length() + " chars");
            for (int i = 0; i < p.length(); i++) {
                assertFalse(p.charAt(i) < ' ' || p.charAt(i) == 0x7f, "control character in: " + p);
            }
            if (proxyHasPassword && p.startsWith("config proxy")) {
                assertFalse(p.contains(PASSWORD.substring(0, 6)) || p.contains(PASSWORD.substring(6)), p);
            }
        }
    }

    void checkOptions(byte[] data) {
        Map<ConfigKey, String> code = options(new FuzzInput(data));
        Settings s;
        try {
            s = new ConfigResolver(
                            code,
                            Collections.<String, String>emptyMap(),
                            Collections.<String, String>emptyMap(),
                            Collections.<String, String>emptyMap())
                    .resolve(null, Collections.<String>emptyList());
        } catch (Throwable t) {
            fail("resolving " + code + " threw " + t, t);
            return;
        }
        String proxy = code.get(ConfigKey.PROXY);
        checkProblems(s, proxy != null && proxy.contains(PASSWORD));
        assertTrue(s.sampleRate() >= 0 && s.sampleRate() <= 1);
        assertTrue(s.queueSize() >= 1 && s.maxBreadcrumbs() >= 0 && s.connectTimeoutMillis() >= 1);
        assertFalse(s.proxy().contains("@"), s.proxy());
    }

    void checkFile(byte[] data) {
        Path f = dir.resolve("telltale.properties");
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        try {
            Map<String, String> m = ConfigResolver.loadFile(f.toString(), null, problems);
            assertTrue(problems.size() <= 1, problems.toString());
            Settings s = new ConfigResolver(
                            ConfigResolver.noCode(),
                            Collections.<String, String>emptyMap(),
                            Collections.<String, String>emptyMap(),
                            m)
                    .resolve(null, problems);
            String proxy = m.get("proxy");
            checkProblems(s, proxy != null && proxy.contains(PASSWORD));
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            fail("reading a properties file threw " + t, t);
        }
    }

    /** Properties text from the input: known keys, escapes good and bad, continuations, raw bytes. */
    static byte[] propertiesFile(FuzzInput in) {
        StringBuilder b = new StringBuilder();
        int lines = in.nextInt(12);
        String[] escapes = {"\\u0041", "\\u00zz", "\\u12", "\\", "\\\\", "\\n", "\\t", "\\uD800", ""};
        for (int i = 0; i < lines; i++) {
            ConfigKey k = ConfigKey.values()[in.nextInt(ConfigKey.values().length)];
            String value = k == ConfigKey.PROXY ? in.pick(PROXIES) : in.string(20);
            b.append(in.bool() ? "telltale." : "")
                    .append(k.key())
                    .append(in.pick(new String[] {"=", ": ", " ", "\t=\t"}))
                    .append(value)
                    .append(in.pick(escapes))
                    .append(in.pick(new String[] {"\n", "\r\n", "\r", "\\\n  "}));
        }
        byte[] text = b.toString()
                .getBytes(
                        in.bool()
                                ? java.nio.charset.StandardCharsets.UTF_8
                                : java.nio.charset.StandardCharsets.ISO_8859_1);
        if (in.nextInt(6) == 0) {
            byte[] raw = new byte[in.nextInt(256)];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) in.nextByte();
            }
            byte[] both = new byte[text.length + raw.length];
            System.arraycopy(text, 0, both, 0, text.length);
            System.arraycopy(raw, 0, both, text.length, raw.length);
            return both;
        }
        return text;
    }

    @FuzzTest(maxDuration = "30s")
    void optionValues(byte[] data) {
        checkOptions(data);
    }

    @FuzzTest(maxDuration = "30s")
    void propertiesFiles(byte[] data) {
        checkFile(propertiesFile(new FuzzInput(data)));
    }

    @Test
    void generatedOptionValuesAndPropertiesFilesNeverThrowNorShowACredential() {
        Random r = new Random(18_05);
        int runs = Integer.getInteger("telltale.fuzz.runs", 3000) / 3;
        for (int i = 0; i < runs; i++) {
            byte[] b = new byte[r.nextInt(256)];
            r.nextBytes(b);
            checkOptions(b);
            checkFile(propertiesFile(new FuzzInput(b)));
        }
        System.out.println("config: " + runs + " option sets (" + runs * ConfigKey.values().length + " values) and "
                + runs + " properties files");
    }
}
