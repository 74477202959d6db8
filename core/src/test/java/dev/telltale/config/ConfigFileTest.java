package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real telltale.properties, found through the telltale.config path. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path p = dir.resolve("telltale.properties");
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void readsKnownKeysInBothSpellingsAndSkipsOthers() throws IOException {
        Path p = write("# comment\nrelease=shop@3\ntelltale.environment = qa\nsample-rate=0.25\nunknown=1\n"
                + "destinations=console:, file:" + dir.resolve("out").toString().replace("\\", "/") + "\n");
        List<String> problems = new ArrayList<>();
        Map<String, String> m = ConfigResolver.loadFile(p.toString(), null, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals("shop@3", m.get("release"));
        assertEquals("qa", m.get("environment"));
        assertEquals(4, m.size(), m.toString());

        Settings s = new ConfigResolver(ConfigResolver.noCode(), Collections.emptyMap(), Collections.emptyMap(), m)
                .resolve(null, problems);
        assertEquals("shop@3", s.release());
        assertEquals("qa", s.environment());
        assertEquals(0.25, s.sampleRate());
        assertEquals(2, s.destinations().size());
    }

    @Test
    void systemPropertyPathWinsOverTheEnvironmentPath() throws IOException {
        Path p = write("release=from-sys-path\n");
        Path other = dir.resolve("other.properties");
        Files.write(other, "release=from-env-path\n".getBytes(StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();
        assertEquals("from-sys-path", ConfigResolver.loadFile(p.toString(), other.toString(), problems).get("release"));
        assertEquals("from-env-path", ConfigResolver.loadFile(" ", other.toString(), problems).get("release"));
        assertTrue(problems.isEmpty());
    }

    @Test
    void missingFileGivesOneProblemNamingThePath() {
        List<String> problems = new ArrayList<>();
        String missing = dir.resolve("nope.properties").toString();
        Map<String, String> m = ConfigResolver.loadFile(missing, null, problems);
        assertTrue(m.isEmpty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("telltale.config") && problems.get(0).contains(missing)
                && problems.get(0).contains("expected a readable properties file"), problems.get(0));
    }

    @Test
    void fileIsFoundThroughTheTelltaleConfigSystemProperty() throws IOException {
        Path p = write("release=via-process\nmax-breadcrumbs=12\nsample-rate=lots\n");
        String before = System.getProperty("telltale.config");
        System.setProperty("telltale.config", p.toString());
        try {
            List<String> problems = new ArrayList<>();
            Settings s = ConfigResolver.forProcess(ConfigResolver.noCode(), problems).resolve(null, problems);
            assertEquals("via-process", s.release());
            assertEquals(12, s.maxBreadcrumbs());
            assertEquals(1.0, s.sampleRate());
            assertEquals(1, s.problems().size(), s.problems().toString());
            assertTrue(s.problems().get(0).contains("sample-rate") && s.problems().get(0).contains("'lots'"));
        } finally {
            if (before == null) {
                System.clearProperty("telltale.config");
            } else {
                System.setProperty("telltale.config", before);
            }
        }
    }

    @Test
    void fileIsUtf8() throws IOException {
        Path p = write("release=caf\u00e9\u2615\n");
        assertEquals("caf\u00e9\u2615", ConfigResolver.loadFile(p.toString(), null, new ArrayList<>()).get("release"));
    }

    @Test
    void withoutAPathTheFileIsReadFromTheClasspathRoot() throws Exception {
        write("release=from-classpath\n");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[]{dir.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(cl);
            List<String> problems = new ArrayList<>();
            assertEquals("from-classpath", ConfigResolver.loadFile(null, "", problems).get("release"));
            assertTrue(problems.isEmpty());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
