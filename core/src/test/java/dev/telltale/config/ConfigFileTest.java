package dev.telltale.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(
                "from-sys-path",
                ConfigResolver.loadFile(p.toString(), other.toString(), problems)
                        .get("release"));
        assertEquals(
                "from-env-path",
                ConfigResolver.loadFile(" ", other.toString(), problems).get("release"));
        assertTrue(problems.isEmpty());
    }

    @Test
    void missingFileGivesOneProblemNamingThePath() {
        List<String> problems = new ArrayList<>();
        String missing = dir.resolve("nope.properties").toString();
        Map<String, String> m = ConfigResolver.loadFile(missing, null, problems);
        assertTrue(m.isEmpty());
        assertEquals(1, problems.size());
        assertTrue(
                problems.get(0).contains("telltale.config")
                        && problems.get(0).contains(missing)
                        && problems.get(0).contains("expected a readable properties file"),
                problems.get(0));
    }

    @Test
    void fileIsFoundThroughTheTelltaleConfigSystemProperty() throws IOException {
        Path p = write("release=via-process\nmax-breadcrumbs=12\nsample-rate=lots\n");
        String before = System.getProperty("telltale.config");
        System.setProperty("telltale.config", p.toString());
        try {
            List<String> problems = new ArrayList<>();
            Settings s =
                    ConfigResolver.forProcess(ConfigResolver.noCode(), problems).resolve(null, problems);
            assertEquals("via-process", s.release());
            assertEquals(12, s.maxBreadcrumbs());
            assertEquals(1.0, s.sampleRate());
            assertEquals(1, s.problems().size(), s.problems().toString());
            assertTrue(s.problems().get(0).contains("sample-rate")
                    && s.problems().get(0).contains("'lots'"));
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
        assertEquals(
                "caf\u00e9\u2615",
                ConfigResolver.loadFile(p.toString(), null, new ArrayList<>()).get("release"));
    }

    @Test
    void withoutAPathTheFileIsReadFromTheClasspathRoot() throws Exception {
        write("release=from-classpath\n");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader cl =
                new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(cl);
            List<String> problems = new ArrayList<>();
            assertEquals(
                    "from-classpath",
                    ConfigResolver.loadFile(null, "", problems).get("release"));
            assertTrue(problems.isEmpty());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    // ---- issue 18 items 5 and 6: a bad file is one clear line, never a hang or a crash ----

    @Test
    void aBadUnicodeEscapeSkipsTheFileWithOneLineNamingFileLineAndKey() throws IOException {
        Path p = write("release=shop@3\ndestinations=console:\\u00zz\nsample-rate=0.5\n");
        List<String> problems = new ArrayList<>();
        Map<String, String> m = ConfigResolver.loadFile(p.toString(), null, problems);
        assertTrue(m.isEmpty(), m.toString());
        assertEquals(1, problems.size(), problems.toString());
        String line = problems.get(0);
        assertTrue(line.contains(p.toString()) && line.contains("line 2") && line.contains("'destinations'"), line);
    }

    @Test
    void aBadFileDoesNotStopTheOtherSources() throws IOException {
        Path p = write("release=x\\uZZZZ\n");
        Map<String, String> env = Map.of("TELLTALE_RELEASE", "from-env");
        List<String> problems = new ArrayList<>();
        Settings s = new ConfigResolver(
                        ConfigResolver.noCode(),
                        Collections.emptyMap(),
                        env,
                        ConfigResolver.loadFile(p.toString(), null, problems))
                .resolve(null, problems);
        assertEquals("from-env", s.release());
        assertEquals(1, s.problems().size(), s.problems().toString());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute());
        Path fifo = dir.resolve("fifo.properties");
        Process mk = new ProcessBuilder("/usr/bin/mkfifo", fifo.toString())
                .inheritIO()
                .start();
        assertEquals(0, mk.waitFor());
        List<String> problems = new ArrayList<>();
        // Opening a FIFO with no writer blocks forever: the test would hang, not fail, if it were opened.
        java.util.concurrent.CompletableFuture<Map<String, String>> f =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> ConfigResolver.loadFile(fifo.toString(), null, problems));
        Map<String, String> m = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(m.isEmpty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("not a regular file"), problems.get(0));
    }

    @Test
    void aDeviceIsRefusedAndABigFileIsNotRead() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        List<String> problems = new ArrayList<>();
        assertTrue(ConfigResolver.loadFile("/dev/zero", null, problems).isEmpty());
        assertTrue(problems.get(0).contains("not a regular file"), problems.get(0));

        Path big = dir.resolve("big.properties");
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) '#');
        try (java.io.OutputStream o = Files.newOutputStream(big)) {
            for (int i = 0; i < 20; i++) {
                o.write(block);
            }
        }
        problems.clear();
        assertTrue(ConfigResolver.loadFile(big.toString(), null, problems).isEmpty());
        assertTrue(problems.get(0).contains("larger than"), problems.get(0));
    }

    @Test
    void aLatin1FileIsReadAsLatin1() throws IOException {
        Path p = dir.resolve("latin1.properties");
        Files.write(p, "release=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        List<String> problems = new ArrayList<>();
        assertEquals(
                "caf\u00e9",
                ConfigResolver.loadFile(p.toString(), null, problems).get("release"));
        assertTrue(problems.isEmpty());
    }
}
