package dev.telltale.agent.view;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fallback where no Chromium can run: jsdom (from npm, installed into {@code target/jsdom} on
 * first use) loads the page from the viewer and runs its scripts; the same expressions are
 * evaluated in its window. It renders nothing, so there are no screenshots.
 */
final class Jsdom implements BrowserPage {
    private final Process process;
    private final OutputStream in;
    private final Map<Integer, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Jsdom(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            received(line);
                        }
                    } catch (IOException ignored) {
                        // process gone
                    }
                    pending.values().forEach(f -> f.completeExceptionally(new IOException("jsdom driver exited")));
                },
                "jsdom-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the driver, installing jsdom into {@code dir} first when it is not there; throws when that cannot be done. */
    static Jsdom start(Path dir) throws Exception {
        Path modules = dir.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("jsdom"))) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-save",
                            "--no-package-lock",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            dir.toString(),
                            "jsdom")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IOException("npm install jsdom failed:\n" + out);
            }
        }
        Path script = dir.resolve("jsdom-driver.js");
        try (InputStream s = Jsdom.class.getResourceAsStream("jsdom-driver.js")) {
            Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb =
                new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NODE_PATH", modules.toString());
        return new Jsdom(pb.start());
    }

    private void received(String line) {
        try {
            Object m = JsonTree.parse(line.getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Object> f = pending.remove(Integer.parseInt(JsonTree.str(m, "id")));
            if (f == null) {
                return;
            }
            if (JsonTree.get(m, "error") != null) {
                f.completeExceptionally(new IOException("jsdom: " + JsonTree.str(m, "error")));
            } else {
                f.complete(JsonTree.get(m, "result"));
            }
        } catch (IOException | RuntimeException e) {
            // not an answer
        }
    }

    private Object call(Map<String, Object> msg) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.put(id, f);
        msg.put("id", id);
        synchronized (in) {
            in.write((SentryEventConverter.flat(msg) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        return f.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void navigate(String url) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "navigate");
        m.put("url", url);
        call(m);
    }

    @Override
    public Object eval(String expression) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "eval");
        m.put("expression", expression);
        return JsonTree.get(call(m), "value");
    }

    @Override
    public boolean screenshot(Path file) {
        return false;
    }

    @Override
    public void close() throws Exception {
        in.close();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
