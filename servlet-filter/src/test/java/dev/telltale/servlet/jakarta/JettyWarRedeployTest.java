package dev.telltale.servlet.jakarta;

import com.example.war.ShopServlet;
import dev.telltale.Telltale;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WAR in Jetty 12 whose web.xml declares the filter and nothing else: Telltale (its own copy in
 * the web application's class loader, configured by {@code WEB-INF/classes/telltale.properties})
 * is started by the filter, reports one event per failed request with the session's journey and
 * the application's frames in-app, and is closed when the application is undeployed: no thread
 * and no class loader survive a redeploy, while the server keeps running.
 */
class JettyWarRedeployTest {
    @TempDir
    Path tmp;

    @Test
    void filterAloneStartsTelltaleReportsAndLeavesNothingBehindOnRedeploy() throws Exception {
        Path events = tmp.resolve("events");
        Path war = war(tmp.resolve("shop"), events);
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
        try {
            int port = connector.getLocalPort();
            WeakReference<ClassLoader> firstLoader = deployRunUndeploy(contexts, war, port, events, 1);
            // A redeploy of the same application: a fresh Telltale, then gone again.
            WeakReference<ClassLoader> secondLoader = deployRunUndeploy(contexts, war, port, events, 2);

            awaitNoNewTelltaleThread(before);
            awaitCollected(firstLoader, "the first deployment's class loader");
            awaitCollected(secondLoader, "the second deployment's class loader");
        } finally {
            server.stop();
        }
    }

    private static WeakReference<ClassLoader> deployRunUndeploy(ContextHandlerCollection contexts, Path war, int port,
                                                                Path events, int expectedEvents) throws Exception {
        WebAppContext ctx = new WebAppContext();
        ctx.setContextPath("/shop");
        ctx.setBaseResourceAsPath(war);
        ctx.setParentLoaderPriority(false); // the web application's own Telltale, as in a deployed WAR
        contexts.addHandler(ctx);
        ctx.start();
        WeakReference<ClassLoader> loader = new WeakReference<>(ctx.getClassLoader());
        assertEquals(loader.get(), ctx.getClassLoader().loadClass("dev.telltale.Telltale").getClassLoader(),
                "Telltale comes from the web application");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(200, get(browser, port, "/shop/login").statusCode());
        assertEquals(200, get(browser, port, "/shop/cart").statusCode());
        assertEquals(500, get(browser, port, "/shop/orders/4" + expectedEvents).statusCode());

        List<String> got = awaitEvents(events, expectedEvents);
        String event = got.get(got.size() - 1);
        assertTrue(event.contains("order 4" + expectedEvents + " broken"), event);
        assertTrue(event.contains("http://127.0.0.1:" + port + "/shop/orders/4" + expectedEvents), "the URL: " + event);
        for (String page : List.of("GET /login", "GET /cart")) {
            assertTrue(event.contains("\"summary\":\"" + page + "\""), "journey has " + page + ": " + event);
        }
        assertTrue(event.matches("(?s).*\"class\":\"com\\.example\\.war\\.ShopServlet\\$Orders\",\"method\":\"load\".*?\"inApp\":true.*"),
                "the application's frame (WEB-INF/classes) is in-app: " + event);

        ctx.stop();
        contexts.removeHandler(ctx);
        ctx.destroy();
        assertEquals(expectedEvents, awaitEvents(events, expectedEvents).size(), "one event per failed request");
        return loader;
    }

    /** WEB-INF/web.xml (the filter by hand), WEB-INF/classes: Telltale's core and filter, the shop, telltale.properties. */
    private static Path war(Path dir, Path events) throws IOException, URISyntaxException {
        Path classes = Files.createDirectories(dir.resolve("WEB-INF/classes"));
        copyTree(codeSource(Telltale.class), classes);
        copyTree(codeSource(TelltaleFilter.class), classes);
        Path shop = codeSource(ShopServlet.class).resolve("com/example/war");
        Files.createDirectories(classes.resolve("com/example/war"));
        try (Stream<Path> s = Files.list(shop)) {
            for (Path f : s.collect(Collectors.toList())) {
                Files.copy(f, classes.resolve("com/example/war").resolve(f.getFileName()));
            }
        }
        Files.write(classes.resolve("telltale.properties"), ("destinations=file:" + events.toString().replace('\\', '/') + "\n"
                + "outbox-dir=" + dir.resolve("outbox").toString().replace('\\', '/') + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("WEB-INF/web.xml"), String.join("\n",
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">",
                "  <context-param><param-name>telltale.servlet.auto-register</param-name><param-value>false</param-value></context-param>",
                "  <filter><filter-name>telltale</filter-name><filter-class>dev.telltale.servlet.jakarta.TelltaleFilter</filter-class>",
                "    <async-supported>true</async-supported></filter>",
                "  <filter-mapping><filter-name>telltale</filter-name><url-pattern>/*</url-pattern>",
                "    <dispatcher>REQUEST</dispatcher><dispatcher>ERROR</dispatcher></filter-mapping>",
                "  <servlet><servlet-name>shop</servlet-name><servlet-class>com.example.war.ShopServlet</servlet-class></servlet>",
                "  <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>",
                "</web-app>").getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
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

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> awaitEvents(Path dir, int n) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> got = read(dir);
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = read(dir);
        }
        assertEquals(n, got.size(), "events: " + got);
        return got;
    }

    private static List<String> read(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .sorted().collect(Collectors.toList())) {
                out.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void awaitNoNewTelltaleThread(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("telltale"))
                    .map(Thread::getName).collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads left behind by the undeployed application: " + left);
    }

    private static void awaitCollected(WeakReference<ClassLoader> ref, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        assertTrue(ref.get() == null, what + " is still reachable after undeploy");
    }
}
