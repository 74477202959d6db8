package dev.telltale.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Telltale;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.CookieManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WAR on disk whose web.xml declares the filter and nothing else, with its own copy of Telltale in
 * {@code WEB-INF/classes} (configured by {@code telltale.properties} there), and the checks a
 * redeploy test makes against it in any container.
 */
public final class WarFixture {
    /** Waits stretch on a busy machine, like the other container tests'. */
    private static final long SCALE = Long.getLong("telltale.test.wait-scale", 5);

    public final Path dir;
    public final Path events;

    private WarFixture(Path dir, Path events) {
        this.dir = dir;
        this.events = events;
    }

    /**
     * @param shopServlet the application's servlet (its package is copied into WEB-INF/classes)
     * @param filterClass the filter of the container's namespace
     * @param webApp      the {@code <web-app ...>} opening tag of that namespace
     */
    public static WarFixture build(Path dir, Class<?> shopServlet, Class<?> filterClass, String webApp)
            throws IOException, URISyntaxException {
        Path events = dir.resolve("events");
        Path classes = Files.createDirectories(dir.resolve("war/WEB-INF/classes"));
        copyCode(codeSource(Telltale.class), classes);
        copyCode(codeSource(filterClass), classes);
        String pkg = shopServlet.getPackage().getName().replace('.', '/');
        Path shop = codeSource(shopServlet).resolve(pkg);
        Files.createDirectories(classes.resolve(pkg));
        try (Stream<Path> s = Files.list(shop)) {
            for (Path f : s.collect(Collectors.toList())) {
                Files.copy(f, classes.resolve(pkg).resolve(f.getFileName()));
            }
        }
        Files.write(
                classes.resolve("telltale.properties"),
                ("destinations=file:" + events.toString().replace('\\', '/') + "\n" + "outbox-dir="
                                + dir.resolve("outbox").toString().replace('\\', '/') + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        Files.write(
                dir.resolve("war/WEB-INF/web.xml"),
                String.join(
                                "\n",
                                webApp,
                                "  <context-param><param-name>telltale.servlet.auto-register</param-name><param-value>false</param-value></context-param>",
                                "  <filter><filter-name>telltale</filter-name><filter-class>" + filterClass.getName()
                                        + "</filter-class>",
                                "    <async-supported>true</async-supported></filter>",
                                "  <filter-mapping><filter-name>telltale</filter-name><url-pattern>/*</url-pattern>",
                                "    <dispatcher>REQUEST</dispatcher><dispatcher>ERROR</dispatcher></filter-mapping>",
                                "  <servlet><servlet-name>shop</servlet-name><servlet-class>" + shopServlet.getName()
                                        + "</servlet-class></servlet>",
                                "  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>",
                                "</web-app>")
                        .getBytes(StandardCharsets.UTF_8));
        return new WarFixture(dir.resolve("war"), events);
    }

    /**
     * Browses the deployed shop (login, cart, a failing order) and checks its {@code n}th event: the
     * URL, the session's earlier pages, the application's frame in-app.
     */
    public void browseAndCheck(int port, String contextPath, Class<?> shopServlet, int n) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        assertEquals(200, get(browser, port, contextPath + "/login").statusCode());
        assertEquals(200, get(browser, port, contextPath + "/cart").statusCode());
        assertEquals(500, get(browser, port, contextPath + "/orders/4" + n).statusCode());
        List<String> got = awaitEvents(n);
        // the file destination indents its JSON for people: compare on the compact form
        String event = got.stream()
                .filter(e -> e.contains("order 4" + n + " broken"))
                .findFirst()
                .orElse("none: " + got)
                .replaceAll("\\s*\\n\\s*", "")
                .replace("\": ", "\":");
        assertTrue(event.contains("http://127.0.0.1:" + port + contextPath + "/orders/4" + n), "the URL: " + event);
        for (String page : List.of("GET /login", "GET /cart")) {
            assertTrue(event.contains("\"summary\":\"" + page + "\""), "journey has " + page + ": " + event);
        }
        String frame = "\"class\":\"" + shopServlet.getName().replace(".", "\\.") + "\\$Orders\",\"method\":\"load\"";
        assertTrue(
                event.matches("(?s).*" + frame + "[^}]*\"inApp\":true.*"),
                "the application's frame (WEB-INF/classes) is in-app: " + event);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (bounded) for exactly {@code n} events. */
    public List<String> awaitEvents(int n) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L * SCALE;
        List<String> got = read();
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = read();
        }
        assertEquals(n, got.size(), "one event per failed request: " + got);
        return got;
    }

    private List<String> read() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(events)) {
            return out;
        }
        try (Stream<Path> s = Files.list(events)) {
            for (Path f : s.filter(f -> f.getFileName().toString().endsWith(".json")
                            && !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList())) {
                out.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public static void awaitNoNewTelltaleThread(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L * SCALE;
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t ->
                            !before.contains(t) && t.isAlive() && t.getName().startsWith("telltale"))
                    .map(Thread::getName)
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads left behind by the undeployed application: " + left);
    }

    public static void awaitCollected(WeakReference<ClassLoader> ref, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L * SCALE;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        ClassLoader left = ref.get();
        if (left != null) {
            List<String> holders = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getContextClassLoader() == left)
                    .map(t -> t.getName() + "(" + t.getClass().getName() + ")")
                    .collect(Collectors.toList());
            throw new AssertionError(
                    what + " is still reachable after undeploy; threads with it as context loader: " + holders);
        }
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * A module's classes: a directory (a build that stops at {@code test}) goes into WEB-INF/classes, a jar
     * (the reactor's {@code verify} resolves modules to their packaged jars) into WEB-INF/lib.
     */
    private static void copyCode(Path from, Path classes) throws IOException {
        if (Files.isDirectory(from)) {
            copyTree(from, classes);
        } else {
            Path lib = Files.createDirectories(classes.resolveSibling("lib"));
            Files.copy(from, lib.resolve(from.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
