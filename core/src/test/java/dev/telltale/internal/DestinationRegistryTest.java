package dev.telltale.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.DestinationFactory;
import dev.telltale.testkit.Lines;
import dev.telltale.testkit.TestEvents;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationRegistryTest {
    private final Lines out = new Lines();
    private final Diagnostics diagnostics = new Diagnostics(false, out.stream());
    private final Settings settings = TestEvents.settings();

    @Test
    void schemeIsTheLowerCaseTextBeforeTheFirstColon() {
        assertEquals("file", DestinationRegistry.scheme("FILE:/tmp/x"));
        assertEquals("https", DestinationRegistry.scheme("https://k@host/1"));
        assertEquals("", DestinationRegistry.scheme("no-scheme"));
        assertEquals("", DestinationRegistry.scheme(":x"));
    }

    @Test
    void redactRemovesUserInfoQueryAndBareKeys() {
        assertEquals(
                "https://***@o1.ingest.example/42",
                DestinationRegistry.redact("https://pubkey:secret@o1.ingest.example/42"));
        assertEquals("http://127.0.0.1:9000/3", DestinationRegistry.redact("http://127.0.0.1:9000/3?token=abc"));
        assertEquals("bugsnag://***", DestinationRegistry.redact("bugsnag://0123456789abcdef"));
        assertEquals("file:/tmp/events", DestinationRegistry.redact(" file:/tmp/events "));
    }

    @Test
    void builtInFileAndConsoleAreKnown() {
        DestinationRegistry r = new DestinationRegistry();
        assertEquals("console", r.create("console:", settings, diagnostics).name());
        assertEquals("file(x)", r.create("file:x", settings, diagnostics).name());
        assertTrue(out.all().isEmpty(), out.toString());
    }

    @Test
    void unknownSchemeGivesOneRedactedLineListingTheKnownOnes() {
        DestinationRegistry r = new DestinationRegistry();
        assertNull(r.create("kafka://user:pw@127.0.0.1/topic?token=t0k", settings, diagnostics));
        List<String> lines = out.all();
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(
                line.startsWith("telltale: destination 'kafka://***@127.0.0.1/topic' skipped: unknown scheme 'kafka'"),
                line);
        assertTrue(line.contains("file") && line.contains("console"), line);
        assertFalse(line.contains("pw") || line.contains("t0k"), line);
    }

    @Test
    void factoryFailuresAreOneLineWithoutTheUri() {
        DestinationRegistry r = new DestinationRegistry();
        r.register(new DestinationFactory() {
            @Override
            public Set<String> schemes() {
                return Collections.singleton("Broken");
            }

            @Override
            public Destination create(String uri, Settings s) {
                throw new IllegalStateException("leaks " + uri);
            }
        });
        assertNull(r.create("broken://s3cr3t", settings, diagnostics));
        assertEquals(1, out.all().size());
        assertTrue(out.all().get(0).contains("java.lang.IllegalStateException"), out.toString());
        assertFalse(out.toString().contains("s3cr3t"), out.toString());
    }

    @Test
    void createAllSkipsTheBadOnesAndKeepsOrder() {
        Settings s = TestEvents.settings(
                java.util.Map.of(dev.telltale.config.ConfigKey.DESTINATIONS, "console:, nope:x, file:"));
        List<Destination> ds = new DestinationRegistry().createAll(s, diagnostics);
        assertEquals(1, ds.size());
        assertEquals("console", ds.get(0).name());
        assertEquals(2, out.all().size(), out.toString());
        assertEquals(1, out.containing("needs a directory").size(), out.toString());
    }

    // ---- issue 18 item 4: malformed values that do not parse as scheme://KEY@host ----

    private static final String KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "bugsnag+http:/" + KEY + "@127.0.0.1",
                "https://" + KEY + "@o1.example/1 https://" + KEY + "@o2.example/2",
                KEY,
                "https://o1.example/1#" + KEY,
                "bugsnag+https://127.0.0.1:9/x?" + KEY + "=1",
                "https://" + KEY + "@o1.example:port/1",
                "https:/" + KEY + "@o1.example/1",
                "bugnet+https://" + KEY + "@bad host/1",
                "bugreport+http://" + KEY + "@[::1/x",
                "https://" + KEY + ":" + KEY + "@o1.example/abc",
                KEY + "://h/1",
                "sentry:" + KEY,
            })
    void aMalformedValueNeverShowsItsKeyNorAPartOfIt(String value) {
        new DestinationRegistry().create(value, settings, diagnostics);
        List<String> lines = out.all();
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        for (int i = 0; i + 6 <= KEY.length(); i++) {
            assertFalse(line.contains(KEY.substring(i, i + 6)), line);
        }
    }

    @Test
    void aHugeValueGivesOneBoundedLine() {
        StringBuilder b = new StringBuilder("bugsnag+https://host.example/");
        while (b.length() < 2_000_000) {
            b.append("x\n");
        }
        new DestinationRegistry().create(b.toString(), settings, diagnostics);
        List<String> lines = out.all();
        assertEquals(1, lines.size());
        assertTrue(
                lines.get(0).length() <= Diagnostics.MAX_LINE_CHARS + 20,
                "length " + lines.get(0).length());
    }
}
