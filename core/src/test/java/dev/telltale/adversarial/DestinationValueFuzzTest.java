package dev.telltale.adversarial;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.internal.DestinationRegistry;
import dev.telltale.internal.Diagnostics;
import dev.telltale.testkit.Lines;
import dev.telltale.testkit.TestEvents;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Destination values built from fuzzed bytes around a known key: well-formed, malformed in the ways
 * people get them wrong (a lost '/', two DSNs joined by a space, a bare key, a key in the fragment or
 * the query, stray characters). Creating them never throws, gives at most one bounded line, and no
 * line shows six consecutive characters of the key.
 */
class DestinationValueFuzzTest {
    static final String KEY = "q7Zx4Lw9Ke2Rt5Yu8Io1Pa3Sd6Fg0Hj2";
    private static final String[] SCHEMES = {
        "https",
        "http",
        "HTTPS",
        "bugsnag",
        "bugsnag+https",
        "bugsnag+http",
        "bugnet",
        "bugnet+https",
        "bugnet+http",
        "bugreport+https",
        "bugreport+http",
        "file",
        "console",
        "sentry",
        "",
        "ftp"
    };
    private static final String[] SEPARATORS = {"://", "://", "://", ":/", ":", ":///", "", "//", ": //"};
    private static final String[] USERS = {KEY, KEY, KEY + ":" + KEY, "pub:" + KEY, "", "%zz" + KEY, KEY + "%41"};
    private static final String[] ATS = {"@", "@", "@", "", "@@", " @", "@/"};
    private static final String[] HOSTS = {
        "127.0.0.1", "o1.example", "[::1]", "[::1", "localhost", "", "bad host", "h_1.internal", "[]"
    };
    private static final String[] PORTS = {"", "", ":9", ":0", ":99999", ":x", ":", ":65535"};
    private static final String[] PATHS = {"/1", "/42", "/x/42", "", "/", "/a b", "//1", "/base/path"};
    private static final String[] QUERIES = {
        "", "", "?sessions=true", "?" + KEY + "=1", "?a=%zz", "?sessions=maybe", "?&&", "?release=" + KEY
    };
    private static final String[] FRAGMENTS = {"", "", "#" + KEY, "#x"};
    private static final String[] TAILS = {
        "", "", " https://" + KEY + "@o2.example/2", " " + KEY, "\t" + KEY, "\n" + KEY
    };

    private final Settings settings = TestEvents.settings();
    private final DestinationRegistry registry = new DestinationRegistry();

    static String value(FuzzInput in) {
        if (in.nextInt(10) == 0) {
            return in.maybeHuge(300) + (in.bool() ? KEY : "");
        }
        String v = in.pick(SCHEMES)
                + in.pick(SEPARATORS)
                + in.pick(USERS)
                + in.pick(ATS)
                + in.pick(HOSTS)
                + in.pick(PORTS)
                + in.pick(PATHS)
                + in.pick(QUERIES)
                + in.pick(FRAGMENTS)
                + in.pick(TAILS);
        if (in.nextInt(8) == 0) {
            v = KEY; // a bare key
        }
        return in.bool() ? in.mutate(v) : v;
    }

    /** The property for one value; returns how many lines it printed. */
    int check(String value) {
        Lines out = new Lines();
        Diagnostics d = new Diagnostics(false, out.stream());
        try {
            Destination dest = registry.create(value, settings, d);
            if (dest != null) {
                dest.name();
            }
        } catch (Throwable t) {
            fail("creating '" + value + "' threw " + t, t);
        }
        List<String> lines = out.all();
        assertTrue(lines.size() <= 1, lines.toString());
        for (String line : lines) {
            assertTrue(line.length() <= 1100, "line of " + line.length() + " chars");
            for (int i = 0; i < line.length(); i++) {
                assertFalse(line.charAt(i) < ' ', "control character in " + line);
            }
            // A file: or console: value is a directory, shown by design unless it has a user part.
            String lower = value.trim().toLowerCase(java.util.Locale.ROOT);
            boolean path = (lower.startsWith("file:") || lower.startsWith("console:")) && value.indexOf('@') < 0;
            if (value.contains(KEY) && !path) {
                for (int i = 0; i + 6 <= KEY.length(); i++) {
                    assertFalse(line.contains(KEY.substring(i, i + 6)), "key shown for value '" + value + "': " + line);
                }
            }
        }
        return lines.size();
    }

    @FuzzTest(maxDuration = "30s")
    void destinationValues(byte[] data) {
        check(value(new FuzzInput(data)));
    }

    /** CI's bounded run: seeded random inputs through the same target (more with -Dtelltale.fuzz.runs). */
    @Test
    void generatedDestinationValuesNeverThrowNorShowTheKey() {
        Random r = new Random(18_04);
        int runs = Integer.getInteger("telltale.fuzz.runs", 3000);
        int lines = 0;
        for (int i = 0; i < runs; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            lines += check(value(new FuzzInput(b)));
        }
        assertTrue(lines > runs / 4, "most generated values are malformed: " + lines + " lines for " + runs);
        System.out.println("destination values: " + runs + " tried, " + lines + " refused with one line");
    }
}
