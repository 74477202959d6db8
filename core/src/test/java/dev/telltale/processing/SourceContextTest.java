package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.event.StackFrame;
import dev.telltale.testkit.TestEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source lines around frames from directories, -sources.jar files and the class path; bounded; in-app only by default. */
class SourceContextTest {
    @TempDir
    Path dir;

    static String source(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            b.append("line ").append(i).append(i == lines ? "" : "\n");
        }
        return b.toString();
    }

    static Event event(String cls, String file, int line, boolean inApp) {
        Throwable t = new IllegalStateException("x");
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(cls, "pay", file, line),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1583)
        });
        Event e = TestEvents.of(t);
        StackFrame f = e.exceptions().get(0).frames().get(0).withInApp(inApp);
        List<StackFrame> frames = new ArrayList<>(e.exceptions().get(0).frames());
        frames.set(0, f);
        return e.toBuilder()
                .exceptions(Collections.singletonList(e.exceptions().get(0).withFrames(frames)))
                .build();
    }

    @Test
    void aFrameInADirectoryRootGetsFiveLinesEitherSide() throws IOException {
        Path file = dir.resolve("com/example/shop/Checkout.java");
        Files.createDirectories(file.getParent());
        Files.write(file, source(20).getBytes(StandardCharsets.UTF_8));
        Event e = new SourceContext(Collections.singletonList(dir.toString()), false)
                .apply(event("com.example.shop.Checkout$Inner", "Checkout.java", 10, true));
        StackFrame f = e.exceptions().get(0).frames().get(0);
        assertEquals("line 10", f.contextLine());
        assertEquals(Arrays.asList("line 5", "line 6", "line 7", "line 8", "line 9"), f.preContext());
        assertEquals(Arrays.asList("line 11", "line 12", "line 13", "line 14", "line 15"), f.postContext());
        assertFalse(e.exceptions().get(0).frames().get(1).hasSource(), "Thread.java is not in the roots");
    }

    @Test
    void nearTheEdgesOfAFileFewerLinesAreKept() throws IOException {
        Path file = dir.resolve("com/example/shop/Checkout.java");
        Files.createDirectories(file.getParent());
        Files.write(file, source(3).getBytes(StandardCharsets.UTF_8));
        SourceContext sc = new SourceContext(Collections.singletonList(dir.toString()), false);
        StackFrame f = sc.apply(event("com.example.shop.Checkout", "Checkout.java", 1, true))
                .exceptions()
                .get(0)
                .frames()
                .get(0);
        assertEquals("line 1", f.contextLine());
        assertTrue(f.preContext().isEmpty());
        assertEquals(Arrays.asList("line 2", "line 3"), f.postContext());
        assertFalse(
                sc.apply(event("com.example.shop.Checkout", "Checkout.java", 9, true))
                        .exceptions()
                        .get(0)
                        .frames()
                        .get(0)
                        .hasSource(),
                "a line past the end (an older build's source) gets nothing");
    }

    @Test
    void aSourcesJarIsReadAndClosed() throws IOException {
        Path jar = dir.resolve("shop-1.4.2-sources.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("com/example/shop/Checkout.java"));
            zip.write(source(12).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Event e = new SourceContext(Arrays.asList(dir.resolve("missing").toString(), jar.toString()), false)
                .apply(event("com.example.shop.Checkout", "Checkout.java", 12, true));
        assertEquals("line 12", e.exceptions().get(0).frames().get(0).contextLine());
        Files.delete(jar); // no handle kept open (this fails on Windows otherwise; on Linux it documents the intent)
    }

    @Test
    void sourcesOnTheClassPathAreFound() {
        StackFrame f = new SourceContext(Collections.singletonList("classpath:"), false)
                .apply(event("com.example.onclasspath.Basket", "Basket.java", 6, true))
                .exceptions()
                .get(0)
                .frames()
                .get(0);
        assertEquals("        throw new IllegalStateException(\"full\"); // line 6", f.contextLine());
    }

    @Test
    void onlyInAppFramesUnlessAllFramesAreAskedFor() throws IOException {
        Path file = dir.resolve("com/example/shop/Checkout.java");
        Files.createDirectories(file.getParent());
        Files.write(file, source(20).getBytes(StandardCharsets.UTF_8));
        Event library = event("com.example.shop.Checkout", "Checkout.java", 10, false);
        assertFalse(new SourceContext(Collections.singletonList(dir.toString()), false)
                .apply(library)
                .exceptions()
                .get(0)
                .frames()
                .get(0)
                .hasSource());
        assertTrue(new SourceContext(Collections.singletonList(dir.toString()), true)
                .apply(library)
                .exceptions()
                .get(0)
                .frames()
                .get(0)
                .hasSource());
    }

    @Test
    void theCacheStaysBoundedByFiles() throws IOException {
        SourceContext sc = new SourceContext(Collections.singletonList(dir.toString()), false);
        for (int i = 0; i < SourceContext.MAX_CACHED_FILES * 3; i++) {
            Path file = dir.resolve("com/example/shop/C" + i + ".java");
            Files.createDirectories(file.getParent());
            Files.write(file, source(5).getBytes(StandardCharsets.UTF_8));
            assertEquals(
                    "line 2",
                    sc.apply(event("com.example.shop.C" + i, "C" + i + ".java", 2, true))
                            .exceptions()
                            .get(0)
                            .frames()
                            .get(0)
                            .contextLine());
        }
        assertTrue(sc.cachedFiles() <= SourceContext.MAX_CACHED_FILES, "cached: " + sc.cachedFiles());
    }

    @Test
    void aPathCannotClimbOutOfItsRoot() {
        assertEquals(null, SourceContext.read(dir.toString(), "../../etc/passwd"));
    }
}
