package dev.telltale.processing;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.util.Strings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Adds the source lines around each frame ({@code source-roots}: directories, {@code -sources.jar}
 * files, or {@code classpath:} for sources on the class path), on the sender thread only. In-app
 * frames by default ({@code source-context-all-frames} for every frame). Source files are found by
 * the frame's package and file name ({@code com/shop/Checkout.java}); read files (and misses) are
 * kept in a small LRU cache bounded by file count and characters; jars are opened per miss and
 * closed at once, so nothing stays open.
 */
public final class SourceContext {
    /** Lines kept before and after a frame's line. */
    public static final int LINES_AROUND = 5;
    /** Longest source line kept. */
    public static final int MAX_LINE_CHARS = 200;

    static final int MAX_FILE_BYTES = 1 << 20;
    static final int MAX_CACHED_FILES = 64;
    static final long MAX_CACHED_CHARS = 4L << 20;
    private static final String[] MISSING = new String[0];

    private final List<String> roots;
    private final boolean allFrames;
    private final Map<String, String[]> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedChars;

    public SourceContext(List<String> roots, boolean allFrames) {
        List<String> r = new ArrayList<>();
        for (String s : roots) {
            if (s != null && !s.trim().isEmpty()) {
                r.add(s.trim());
            }
        }
        this.roots = Collections.unmodifiableList(r);
        this.allFrames = allFrames;
    }

    synchronized int cachedFiles() {
        return cache.size();
    }

    public boolean enabled() {
        return !roots.isEmpty();
    }

    /** The event with source lines on the frames that have them. Called by the (single) sender thread. */
    public synchronized Event apply(Event e) {
        if (roots.isEmpty() || (e.exceptions().isEmpty() && e.threadFrames().isEmpty())) {
            return e;
        }
        List<ExceptionInfo> xs = new ArrayList<>(e.exceptions().size());
        for (ExceptionInfo x : e.exceptions()) {
            xs.add(x.withFrames(frames(x.frames())));
        }
        return e.toBuilder()
                .exceptions(xs)
                .threadFrames(frames(e.threadFrames()))
                .build();
    }

    private List<StackFrame> frames(List<StackFrame> in) {
        List<StackFrame> out = new ArrayList<>(in.size());
        for (StackFrame f : in) {
            out.add(withSource(f));
        }
        return out;
    }

    private StackFrame withSource(StackFrame f) {
        if ((!f.inApp() && !allFrames) || f.lineNumber() <= 0 || f.fileName().isEmpty() || f.hasSource()) {
            return f;
        }
        String[] lines = lines(path(f));
        int at = f.lineNumber() - 1;
        if (at >= lines.length) {
            return f;
        }
        List<String> pre = new ArrayList<>(LINES_AROUND);
        for (int i = Math.max(0, at - LINES_AROUND); i < at; i++) {
            pre.add(lines[i]);
        }
        List<String> post = new ArrayList<>(LINES_AROUND);
        for (int i = at + 1; i < Math.min(lines.length, at + 1 + LINES_AROUND); i++) {
            post.add(lines[i]);
        }
        return f.withSource(pre, lines[at], post);
    }

    /** {@code com/shop/Checkout.java} for a frame of {@code com.shop.Checkout$Inner} in {@code Checkout.java}. */
    static String path(StackFrame f) {
        String pkg = f.packageName();
        return pkg.isEmpty() ? f.fileName() : pkg.replace('.', '/') + "/" + f.fileName();
    }

    private String[] lines(String path) {
        String[] cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        String[] lines = MISSING;
        for (String root : roots) {
            byte[] bytes = read(root, path);
            if (bytes != null) {
                lines = split(new String(bytes, StandardCharsets.UTF_8));
                break;
            }
        }
        put(path, lines);
        return lines;
    }

    private void put(String path, String[] lines) {
        long chars = 16;
        for (String l : lines) {
            chars += l.length();
        }
        cache.put(path, lines);
        cachedChars += chars;
        java.util.Iterator<Map.Entry<String, String[]>> it = cache.entrySet().iterator();
        while ((cache.size() > MAX_CACHED_FILES || cachedChars > MAX_CACHED_CHARS) && it.hasNext()) {
            Map.Entry<String, String[]> eldest = it.next();
            if (eldest.getKey().equals(path)) {
                continue;
            }
            for (String l : eldest.getValue()) {
                cachedChars -= l.length();
            }
            cachedChars -= 16;
            it.remove();
        }
    }

    private static String[] split(String text) {
        String[] raw = text.split("\r\n|\r|\n", -1);
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = Strings.clean(raw[i], MAX_LINE_CHARS);
        }
        return out;
    }

    /** The file's bytes under one root; null when it is not there (or too big, or unreadable). */
    static byte[] read(String root, String path) {
        try {
            if (root.equals("classpath:")) {
                return fromClassPath(path);
            }
            Path r = Paths.get(root);
            if (Files.isDirectory(r)) {
                Path file = r.resolve(path).normalize();
                if (!file.startsWith(r.normalize())
                        || !Files.isRegularFile(file)
                        || Files.size(file) > MAX_FILE_BYTES) {
                    return null;
                }
                return Files.readAllBytes(file);
            }
            if (Files.isRegularFile(r) && (root.endsWith(".jar") || root.endsWith(".zip"))) {
                try (ZipFile zip = new ZipFile(r.toFile())) {
                    ZipEntry entry = zip.getEntry(path);
                    if (entry == null || entry.getSize() > MAX_FILE_BYTES) {
                        return null;
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        return readAtMost(in);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // no source is no failure
        }
        return null;
    }

    private static byte[] fromClassPath(String path) throws IOException {
        for (ClassLoader l : Arrays.asList(
                Thread.currentThread().getContextClassLoader(),
                SourceContext.class.getClassLoader(),
                ClassLoader.getSystemClassLoader())) {
            URL url = l == null ? null : l.getResource(path);
            if (url != null) {
                try (InputStream in = url.openStream()) {
                    return readAtMost(in);
                }
            }
        }
        return null;
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_FILE_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }
}
