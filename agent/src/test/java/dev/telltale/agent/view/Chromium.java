package dev.telltale.agent.view;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, the JDK's own client).
 * In a container without a session bus Chromium starts with these flags: the new headless mode, no
 * sandbox (root, no user namespaces), no GPU, no /dev/shm, a fresh profile directory, and the
 * DevTools port chosen by Chromium (read from its stderr).
 */
final class Chromium implements BrowserPage {
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration CALL = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** The browser binary: {@code -Dtelltale.chromium=PATH}, else the first of the usual names on the PATH; null if none. */
    static Path find() {
        String configured = System.getProperty("telltale.chromium", System.getenv("TELLTALE_CHROMIUM"));
        if (configured != null && !configured.isEmpty()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        for (String name :
                new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"
                }) {
            for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Chromium launch(Path binary, Path profile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
                "--mute-audio",
                "--password-store=basic",
                "--use-mock-keychain",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
                "about:blank"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // No session bus: tell D-Bus clients there is none instead of letting them look for one.
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        Process p = pb.start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            synchronized (log) {
                                if (log.length() < 20_000) {
                                    log.append(line).append('\n');
                                }
                            }
                            int at = line.indexOf("DevTools listening on ");
                            if (at >= 0) {
                                endpoint.complete(line.substring(at + "DevTools listening on ".length())
                                        .trim());
                            }
                        }
                    } catch (IOException ignored) {
                        // process gone
                    }
                    endpoint.completeExceptionally(new IOException("chromium exited before DevTools listened"));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String browserWs;
        try {
            browserWs = endpoint.get(START.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            String text;
            synchronized (log) {
                text = log.toString();
            }
            throw new IOException("chromium did not start: " + e + "\n" + text, e);
        }
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        long deadline = System.nanoTime() + START.toNanos();
        while (pageWs == null && System.nanoTime() < deadline) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create("http://" + ws.getAuthority() + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (Object t : (List<?>) JsonTree.parse(body.getBytes(StandardCharsets.UTF_8))) {
                if ("page".equals(JsonTree.str(t, "type"))) {
                    pageWs = JsonTree.str(t, "webSocketDebuggerUrl");
                    break;
                }
            }
            if (pageWs == null) {
                Thread.sleep(100); // polling for the first tab to exist
            }
        }
        if (pageWs == null) {
            p.destroyForcibly();
            throw new IOException("chromium has no page target");
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageWs), new WebSocket.Listener() {
                    private final StringBuilder buf = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        buf.append(data);
                        if (last) {
                            String msg = buf.toString();
                            buf.setLength(0);
                            if (self[0] != null) {
                                self[0].received(msg);
                            }
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(CALL.toSeconds(), TimeUnit.SECONDS);
        self[0] = new Chromium(p, profile, socket);
        self[0].call("Page.enable", Map.of());
        self[0].call("Runtime.enable", Map.of());
        return self[0];
    }

    private void received(String msg) {
        try {
            Object m = JsonTree.parse(msg.getBytes(StandardCharsets.UTF_8));
            String id = JsonTree.str(m, "id");
            if (id.isEmpty()) {
                return; // an event
            }
            CompletableFuture<Object> f = pending.remove(Integer.parseInt(id));
            if (f == null) {
                return;
            }
            if (JsonTree.get(m, "error") != null) {
                f.completeExceptionally(
                        new IOException("DevTools error: " + SentryEventConverter.flat(JsonTree.get(m, "error"))));
            } else {
                f.complete(JsonTree.get(m, "result"));
            }
        } catch (IOException | RuntimeException e) {
            // not a message we can read: ignore it
        }
    }

    Object call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.put(id, f);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        synchronized (socket) {
            socket.sendText(SentryEventConverter.flat(msg), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
        }
        return f.get(CALL.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    @Override
    public Object eval(String expression) throws Exception {
        Object r =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (JsonTree.get(r, "exceptionDetails") != null) {
            throw new IOException(
                    "page script failed: " + SentryEventConverter.flat(JsonTree.get(r, "exceptionDetails")));
        }
        return JsonTree.get(JsonTree.get(r, "result"), "value");
    }

    @Override
    public boolean screenshot(Path file) throws Exception {
        Object r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(JsonTree.str(r, "data")));
        return true;
    }

    static boolean until(BooleanSupplier c, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> children = process.descendants().collect(java.util.stream.Collectors.toList());
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
