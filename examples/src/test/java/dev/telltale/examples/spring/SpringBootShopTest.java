package dev.telltale.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop ({@code com.example.shop}) as a real Spring Boot application in its own JVM, installed
 * the zero-code way: telltale-servlet and telltale-logback on the class path and
 * {@code telltale.destinations} in {@code application.properties}. On Spring Boot 3.5 and 4.0 (and
 * 2.7 on javax, dependencies only),
 * with the dependencies only and with the agent too: exactly one event per failing request (the
 * URL, the request's breadcrumbs, the session's earlier pages, in-app frames), one per ERROR line,
 * no secret sent, and nothing more after a graceful stop. Under the agent the count spans both the
 * application's destination and the agent's, and the journey and Spring-configured release prove
 * that the application's integrations, not the agent, reported.
 *
 * <p>And with the agent alone ({@code -javaagent} and the destination in a system property or the
 * environment, no Telltale dependency in the shop) on JDK 17 and 25: the same one event per
 * failing request, with the journey the agent's servlet hook keeps, and one per ERROR line.
 */
class SpringBootShopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Waits stretch on a busy machine, like the other tests'. */
    private static final long SCALE = Long.getLong("telltale.test.wait-scale", 5);

    private static final String BEARER = "sekret-bearer-4711";
    private static final String QUERY_TOKEN = "tok-qwerty-0815";

    @TempDir
    Path work;

    /** The whole matrix takes about two minutes; CI runs one application per major version. */
    private static final boolean FULL = Boolean.getBoolean("telltale.test.spring.full");

    @Test
    void springBoot3WithTheAgentToo() throws Exception {
        shop(boot3ClassPath(), true);
    }

    @Test
    void springBoot4WithTheDependenciesOnly() throws Exception {
        shop(boot4ClassPath(), false);
    }

    @Test
    void springBoot3WithTheAgentAloneOnJdk17() throws Exception {
        // The destination and release as system properties: the shop has no Telltale dependency to read Spring's.
        shop(
                currentJava(),
                agentOnlyClassPath(),
                true,
                List.of("-Dtelltale.destinations=file:agent-events", "-Dtelltale.release=shop@1.0"),
                Map.of());
    }

    @Test
    void springBoot3WithTheAgentAloneOnJdk25() throws Exception {
        Path java25 = Paths.get(
                System.getProperty("telltale.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        assumeTrue(
                Files.isExecutable(java25),
                "no JDK 25 at " + java25 + " (-Djdk25.home=HOME): the JDK 25 run is skipped");
        // The destination and release from the environment this time.
        shop(
                java25.toString(),
                agentOnlyClassPath(),
                true,
                List.of(),
                Map.of("TELLTALE_DESTINATIONS", "file:agent-events", "TELLTALE_RELEASE", "shop@1.0"));
    }

    @Test
    void springBoot27OnJavaxWithTheDependenciesOnly() throws Exception {
        // Spring Boot 2.7: javax.servlet on Tomcat 9, Logback 1.2, Spring 5.3 (a start of about 10 s).
        shop(boot27ClassPath(), false);
    }

    @Test
    void springBoot27OnJavaxWithTheAgentAlone() throws Exception {
        // The javax servlet advice (Tomcat 9) keeping the journey, and Logback 1.2's ERROR lines.
        String cp = classPathWith(System.getProperty("telltale.test.boot27.dir"), false);
        shop(
                currentJava(),
                cp,
                true,
                List.of("-Dtelltale.destinations=file:agent-events", "-Dtelltale.release=shop@1.0"),
                Map.of());
    }

    @Test
    void springBoot3WithTheDependenciesOnly() throws Exception {
        assumeTrue(
                FULL,
                "run with -Dtelltale.test.spring.full=true (the agent run above covers the same application path)");
        shop(boot3ClassPath(), false);
    }

    @Test
    void springBoot4WithTheAgentToo() throws Exception {
        assumeTrue(FULL, "run with -Dtelltale.test.spring.full=true");
        shop(boot4ClassPath(), true);
    }

    private void shop(String classPath, boolean agent) throws Exception {
        shop(currentJava(), classPath, agent, List.of(), Map.of());
    }

    private static String currentJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void shop(String java, String classPath, boolean agent, List<String> jvmArgs, Map<String, String> env)
            throws Exception {
        Path agentJar = Paths.get(System.getProperty("telltale.test.agent", "../agent/target/telltale-agent.jar"));
        if (agent) {
            assumeTrue(
                    Files.isRegularFile(agentJar),
                    "the agent jar is built by the reactor's package phase: " + agentJar);
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (agent) {
            cmd.add("-javaagent:" + agentJar.toAbsolutePath());
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("com.example.shop.ShopApplication");
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        Path log = work.resolve("shop.log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("TELLTALE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            CookieManager cookies = new CookieManager();
            HttpClient browser = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            awaitUp(browser, port, p, log);

            assertEquals(200, get(browser, port, "/login").statusCode());
            assertEquals(200, get(browser, port, "/cart").statusCode());
            assertEquals(
                    500,
                    get(browser, port, "/orders/42?token=" + QUERY_TOKEN, "Authorization", "Bearer " + BEARER)
                            .statusCode());
            assertEquals(200, get(browser, port, "/sync").statusCode());
            String sessionId = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equalsIgnoreCase("JSESSIONID"))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse("");
            assertFalse(sessionId.isEmpty(), "the shop opened a session");

            List<JsonNode> events = awaitEvents(2, p, log);
            stop(p);
            events = events(); // a graceful stop delivers what was captured, and adds no duplicate
            String all = events.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
            assertEquals(
                    2,
                    events.size(),
                    "one event per failed request and per ERROR line; got " + titles(events) + "\n" + tail(log));

            JsonNode order = only(events, "order 42 broken");
            assertEquals("servlet", order.path("mechanism").path("type").asText(), all);
            assertTrue(order.path("request").path("url").asText().endsWith("/orders/42"), all);
            assertEquals(
                    "shop@1.0",
                    order.path("release").asText(),
                    "the configured release (Spring's environment; a system property or the environment under the agent alone)");
            List<String> crumbs = texts(order.path("breadcrumbs"), "message");
            assertTrue(
                    crumbs.contains("GET /orders/42") && crumbs.contains("loading order 42"),
                    "the request's breadcrumbs: " + crumbs);
            assertFalse(crumbs.contains("logged in"), "another request's breadcrumbs: " + crumbs);
            List<String> journey = texts(order.path("userJourney").path("recentActions"), "summary");
            assertTrue(
                    journey.containsAll(
                            List.of("GET /login", "logged in", "GET /cart", "viewed cart", "GET /orders/42")),
                    "the session's earlier pages: " + journey);
            assertTrue(
                    journey.indexOf("GET /login") < journey.indexOf("GET /cart")
                            && journey.indexOf("GET /cart") < journey.indexOf("GET /orders/42"),
                    journey.toString());
            assertTrue(
                    inApp(order, "com.example.shop.CrashController"),
                    "the shop's own frame is in-app: " + order.path("exceptions"));
            assertFalse(inApp(order, "org.springframework.web.servlet.DispatcherServlet"), "Spring is a library");

            JsonNode sync = only(events, "warehouse offline");
            assertEquals("logback", sync.path("mechanism").path("type").asText(), all);
            assertTrue(sync.toString().contains("inventory sync failed for sku-7"), sync.toString());
            assertTrue(sync.path("request").path("url").asText().endsWith("/sync"), "logged inside the request");

            for (String secret : List.of(BEARER, QUERY_TOKEN, sessionId)) {
                assertFalse(all.contains(secret), "leaked: " + secret);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ the shop's JVM

    private static String boot3ClassPath() throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("telltale.test.classes"));
        for (String e : dependencyClassPath()) {
            // The examples' own Jetty demo container is not the shop's.
            if (!e.contains("jetty") && !e.contains("jakarta.servlet-api")) {
                cp.add(e);
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    /** The Boot 3 shop with no Telltale on its class path: the agent is all there is. */
    private static String agentOnlyClassPath() throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("telltale.test.classes"));
        for (String e : dependencyClassPath()) {
            if (!e.contains("jetty") && !e.contains("jakarta.servlet-api") && !isTelltale(e)) {
                cp.add(e);
            }
        }
        for (String e : cp) {
            for (String telltale :
                    List.of("dev/telltale/Telltale.class", "dev/telltale/servlet", "dev/telltale/logback")) {
                assertFalse(Files.exists(Paths.get(e).resolve(telltale)), "Telltale on the shop's class path: " + e);
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    /** Telltale's modules: as jars, or as the reactor's output directories. */
    private static boolean isTelltale(String entry) {
        return entry.contains("telltale")
                || entry.replace(File.separatorChar, '/').endsWith("/target/classes");
    }

    private static String boot4ClassPath() throws IOException {
        return classPathWith(System.getProperty("telltale.test.boot4.dir"), true);
    }

    private static String boot27ClassPath() throws IOException {
        return classPathWith(System.getProperty("telltale.test.boot27.dir"), true);
    }

    /** The shop, (with {@code telltale}) Telltale's modules and the core's one dependency, and the Spring Boot jars of {@code dir}. */
    private static String classPathWith(String dir, boolean telltale) throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("telltale.test.classes"));
        for (String e : telltale ? dependencyClassPath() : List.<String>of()) {
            // Telltale's modules (reactor output or jars) and the core's one dependency; Spring from dir.
            if (isTelltale(e) || e.matches(".*jackson-core-2[^/]*\\.jar")) {
                cp.add(e);
            }
        }
        try (Stream<Path> jars = Files.list(Paths.get(dir))) {
            jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> cp.add(j.toString()));
        }
        return String.join(File.pathSeparator, cp);
    }

    private static List<String> dependencyClassPath() throws IOException {
        String file = System.getProperty("telltale.test.boot3.classpath");
        String text = new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8).trim();
        List<String> out = new ArrayList<>();
        for (String e : text.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitUp(HttpClient http, int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 * SCALE);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the shop died:\n" + tail(log));
            try {
                if (get(http, port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the shop did not start:\n" + tail(log));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: Spring closes its context, Telltale closes with it
        assertTrue(p.waitFor(30 * SCALE, TimeUnit.SECONDS), "the shop did not stop");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ events (the app's file: destination, and the
    // agent's default)

    private List<JsonNode> awaitEvents(int n, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 * SCALE);
        List<JsonNode> got = events();
        while (got.size() < n && System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the shop died:\n" + tail(log));
            Thread.sleep(100);
            got = events();
        }
        return got;
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String dir : List.of("shop-events", "telltale-events", "agent-events")) {
            Path d = work.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")
                                && !f.getFileName().toString().startsWith("."))
                        .sorted()
                        .collect(Collectors.toList())) {
                    out.add(JSON.readTree(f.toFile()));
                }
            }
        }
        return out;
    }

    private static JsonNode only(List<JsonNode> events, String exceptionMessage) {
        List<JsonNode> hits = events.stream()
                .filter(e -> {
                    for (JsonNode x : e.path("exceptions")) {
                        if (x.path("message").asText().contains(exceptionMessage)) {
                            return true;
                        }
                    }
                    return false;
                })
                .collect(Collectors.toList());
        assertEquals(1, hits.size(), "events with '" + exceptionMessage + "': " + titles(events));
        return hits.get(0);
    }

    private static boolean inApp(JsonNode event, String className) {
        for (JsonNode x : event.path("exceptions")) {
            for (JsonNode f : x.path("frames")) {
                if (f.path("class").asText().equals(className)) {
                    return f.path("inApp").asBoolean();
                }
            }
        }
        throw new AssertionError("no frame of " + className + " in " + event.path("exceptions"));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.path(field).asText());
        }
        return out;
    }

    private static String titles(List<JsonNode> events) {
        return events.stream()
                .map(e -> e.path("mechanism").path("type").asText() + ": "
                        + e.path("title").asText())
                .collect(Collectors.toList())
                .toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
