package dev.telltale.agent.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI as a user runs it: {@code java -jar telltale-agent.jar ...} in a forked JVM. */
class CliIT {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static List<String> java(String... systemProperties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ForkedApp.javaFor("17"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(Arrays.asList(systemProperties));
        return cmd;
    }

    private static ForkedApp.Result cli(List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.add("-jar");
        cmd.add(ForkedApp.AGENT_JAR.toString());
        cmd.addAll(Arrays.asList(args));
        return ForkedApp.exec(cmd);
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        ForkedApp.Result r = cli(java(), "version");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.stdout.matches("telltale-agent \\d+\\.\\d+\\.\\d+.*\\s*"), r.toString());
    }

    @Test
    void helpExitsZeroAndAWrongCommandLineExitsTwoWithOneLine() throws Exception {
        ForkedApp.Result help = cli(java(), "--help");
        assertEquals(0, help.exitCode, help.toString());
        assertTrue(help.stdout.contains("outbox list") && help.stdout.contains("Check your setup"), help.toString());
        ForkedApp.Result bad = cli(java(), "test", "--timeout", "soon");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.stderr.startsWith("telltale: --timeout takes seconds"), bad.toString());
    }

    @Test
    void testSendsOneEventToEachDestinationAndSaysItWasAccepted() throws Exception {
        Path dir = Files.createTempDirectory("telltale-cli");
        ForkedApp.Result r = cli(java("-Dtelltale.destinations=file:" + dir), "test");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(
                r.stdout.contains("OK    file(" + dir + ")  accepted") && r.stdout.contains("only acceptance checked"),
                r.toString());
        assertEquals(1, Events.in(dir).all().size(), r.toString());
    }

    @Test
    void testAgainstAnUnreachableDsnFailsFastAndLeavesNoCanaryInTheOutbox() throws Exception {
        Path outbox = Files.createTempDirectory("telltale-outbox");
        long t0 = System.nanoTime();
        ForkedApp.Result r = cli(
                java("-Dtelltale.destinations=http://pub@127.0.0.1:9/1", "-Dtelltale.outbox-dir=" + outbox), "test");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(
                r.stdout.contains("FAIL  sentry(127.0.0.1:9/1)  NOT accepted") && r.stdout.contains("unreachable"),
                r.toString());
        assertTrue(ms < 15_000, "took " + ms + " ms");
        try (Stream<Path> files = Files.walk(outbox)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), r.toString());
        }
        assertFalse(r.stdout.contains("pub@"), r.toString());
    }

    /** Every backend kind at once; each read API shows the canary only once it has arrived (stubbed then). */
    @Test
    void testReadsTheCanaryBackThroughEveryKindOfReadApi() throws Exception {
        int port = server.getPort();
        String h = "127.0.0.1:" + port;
        String l = "localhost:" + port;
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
        server.stubFor(post(urlPathEqualTo("/api/1/envelope/")).willReturn(okJson("{}")));
        server.stubFor(post(urlPathEqualTo("/api/2/envelope/")).willReturn(okJson("{}")));
        server.stubFor(post(urlPathEqualTo("/notify"))
                .willReturn(aResponse().withStatus(200).withBody("OK")));
        server.stubFor(post(urlPathEqualTo("/api/bugs/submit"))
                .willReturn(aResponse().withStatus(201).withBody("{\"ok\":true,\"data\":{}}")));
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/auto"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withBody("{\"data\":{\"id\":\"bug_9\"},\"success\":true,\"status\":201}")));
        // Before the canary arrives the read APIs show nothing.
        server.stubFor(get(urlPathEqualTo("/api/canonical/0/issues/"))
                .atPriority(5)
                .willReturn(okJson("{\"next\":null,\"results\":[]}")));
        server.stubFor(get(urlPathEqualTo("/api/0/projects/acme/shop/events/"))
                .atPriority(5)
                .willReturn(okJson("[]")));
        server.stubFor(get(urlPathEqualTo("/projects/5f1/events")).atPriority(5).willReturn(okJson("[]")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .atPriority(5)
                .willReturn(okJson("{\"ok\":true,\"data\":[]}")));
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/list"))
                .atPriority(5)
                .willReturn(okJson(
                        "{\"data\":{\"items\":[],\"meta\":{\"page\":1,\"hasNextPage\":false}},\"success\":true}")));

        String destinations = "http://pub@" + h + "/1,http://pub@" + l + "/2,bugsnag+http://nkey@" + h + "/notify,"
                + "bugnet+http://bnkey@" + h + ",bugreport+http://brkey@" + h + "/api";
        String readApi = "bugsink-api+http://bs-tok@" + h + ",sentry-api+http://sn-tok@" + l + "/acme/shop,"
                + "bugsnag-api+http://bg-tok@" + h + "/5f1,bugnet-api+http://bn-tok@" + h + "/my-game,"
                + "bugreport-api+http://br-tok@" + h + "/api";
        List<String> cmd = java("-Dtelltale.destinations=" + destinations);
        cmd.addAll(Arrays.asList("-jar", ForkedApp.AGENT_JAR.toString(), "test", "--timeout", "60"));
        Path out = Files.createTempFile("cli-test", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("TELLTALE_") || k.startsWith("SENTRY_") || k.startsWith("BUGSNAG_"));
        pb.environment().put("TELLTALE_READ_API", readApi);
        Process p = pb.start();
        try {
            String id = awaitCanaryId(p);
            stubReadApisShowing(id, h, l);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the check ends by itself");
            String stdout = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            System.out.println(stdout);
            assertEquals(0, p.exitValue(), stdout);
            assertTrue(
                    stdout.contains("OK    sentry(" + h + "/1)  accepted (HTTP 200")
                            && stdout.contains("via bugsink-api(" + h + ") project 1"),
                    stdout);
            assertTrue(stdout.contains("top frame Canary.java:24 in `raise` [in-app]"), stdout);
            assertTrue(
                    stdout.contains("OK    sentry(" + l + "/2)")
                            && stdout.contains("via sentry-api(" + l + "/acme/shop); issue 4711"),
                    stdout);
            assertTrue(stdout.contains("OK    bugsnag(" + h + "/notify)") && stdout.contains("issue err-9"), stdout);
            assertTrue(stdout.contains("OK    bugnet(" + h + ")") && stdout.contains("issue b-1"), stdout);
            assertTrue(stdout.contains("OK    bugreport(" + h + "/api)") && stdout.contains("issue bug_c4"), stdout);
            for (String secret :
                    Arrays.asList("bs-tok", "sn-tok", "bg-tok", "bn-tok", "br-tok", "nkey", "bnkey", "brkey")) {
                assertFalse(stdout.contains(secret), secret + " printed:\n" + stdout);
            }
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /** Waits (bounded) until the canary reached the stub and returns its event id. */
    private static String awaitCanaryId(Process p) throws InterruptedException {
        Pattern eventId = Pattern.compile("\"event_?[iI]d\"\\s*:\\s*\"([0-9a-f]{32})\"");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            for (LoggedRequest r :
                    server.getAllServeEvents().stream().map(e -> e.getRequest()).toArray(LoggedRequest[]::new)) {
                if (r.getUrl().startsWith("/notify")) {
                    Matcher m = eventId.matcher(r.getBodyAsString());
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no canary reached the stub");
    }

    private static void stubReadApisShowing(String id, String h, String l) {
        String nonce = "tt" + id.substring(0, 10);
        String dashed = id.substring(0, 8) + "-" + id.substring(8, 12) + "-" + id.substring(12, 16) + "-"
                + id.substring(16, 20) + "-" + id.substring(20);
        String stack = "dev.telltale.agent.shaded.telltale.internal.check.Canary$CanaryException: Telltale canary "
                + nonce + "\\n\\tat dev.telltale.agent.shaded.telltale.internal.check.Canary.raise(Canary.java:24)";
        // Details before lists: once a list shows the canary, the CLI may ask for its details at once.
        server.stubFor(get(urlPathEqualTo("/api/canonical/0/events/c0ffee00-0000-4000-8000-000000000003/stacktrace/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/markdown")
                        .withBody("# Canary$CanaryException\nTelltale canary " + nonce
                                + "\n\n### Canary.java:24 in `raise` [in-app]\n_no source context available_")));
        server.stubFor(get(urlPathEqualTo("/api/0/projects/acme/shop/events/" + id + "/"))
                .willReturn(okJson("{\"eventID\":\"" + id
                        + "\",\"groupID\":\"4711\",\"entries\":[{\"type\":\"exception\",\"data\":{\"values\":"
                        + "[{\"stacktrace\":{\"frames\":[{\"filename\":\"Canary.java\",\"module\":\"dev.telltale.agent.shaded.telltale.internal.check.Canary\","
                        + "\"function\":\"raise\",\"lineNo\":24,\"inApp\":true}]}}]}}]}")));
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/get"))
                .withRequestBody(matchingJsonPath("$.bugReportId", equalTo("bug_c4")))
                .willReturn(okJson("{\"data\":{\"id\":\"bug_c4\",\"errorStack\":\"" + stack
                        + "\"},\"success\":true,\"status\":200}")));
        server.stubFor(get(urlPathEqualTo("/api/canonical/0/events/"))
                .withQueryParam("issue", equalTo("bbbb2222-0000-4000-8000-000000000002"))
                .willReturn(okJson(
                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"c0ffee00-0000-4000-8000-000000000003\",\"event_id\":\""
                                + dashed + "\"}]}")));
        server.stubFor(
                get(urlPathEqualTo("/api/canonical/0/issues/"))
                        .withQueryParam("project", equalTo("1"))
                        .willReturn(
                                okJson(
                                        "{\"next\":null,\"previous\":null,\"results\":[{\"id\":\"bbbb2222-0000-4000-8000-000000000002\",\"project\":1}]}")));
        server.stubFor(get(urlPathEqualTo("/api/0/projects/acme/shop/events/"))
                .willReturn(okJson("[{\"eventID\":\"" + id + "\",\"groupID\":\"4711\"}]")));
        server.stubFor(get(urlPathEqualTo("/projects/5f1/events"))
                .willReturn(okJson("[{\"id\":\"ev-1\",\"error_id\":\"err-9\",\"metaData\":{\"telltale\":{\"eventId\":\""
                        + id + "\"}},"
                        + "\"exceptions\":[{\"message\":\"Telltale canary " + nonce
                        + "\",\"stacktrace\":[{\"file\":\"Canary.java\",\"lineNumber\":24,"
                        + "\"method\":\"Canary.raise\",\"inProject\":true}]}]}]")));
        server.stubFor(get(urlPathEqualTo("/api/projects/my-game/bugs"))
                .withQueryParam("search", equalTo(nonce))
                .willReturn(okJson("{\"ok\":true,\"data\":[{\"id\":\"b-1\",\"title\":\"[Error] Telltale canary " + nonce
                        + "\",\"description\":\"" + stack + "\"}]}")));
        server.stubFor(post(urlPathEqualTo("/api/bug-reports/list"))
                .willReturn(okJson("{\"data\":{\"items\":[{\"id\":\"bug_c4\",\"title\":\"Telltale canary " + nonce
                        + "\"}]," + "\"meta\":{\"page\":1,\"hasNextPage\":false}},\"success\":true,\"status\":200}")));
    }

    /** An application left events in its default outbox; the CLI finds them without being told where. */
    @Test
    void outboxCommandsFindTheApplicationsOutboxShowJsonAndNameTheDestination() throws Exception {
        Path tmp = Files.createTempDirectory("telltale-tmp");
        String dsn = "http://pub@127.0.0.1:" + server.getPort() + "/1";
        server.stubFor(
                post(urlPathEqualTo("/api/1/envelope/")).willReturn(aResponse().withStatus(503)));
        List<String> app = java(
                "-Djava.io.tmpdir=" + tmp,
                "-Dtelltale.destinations=" + dsn,
                "-Dtelltale.shutdown-timeout-ms=300",
                "-javaagent:" + ForkedApp.AGENT_JAR + "=wait-for-hooks-ms=20000",
                "-cp",
                ForkedApp.appClasspath(),
                "com.example.apps.UncaughtApp");
        ForkedApp.Result crashed = ForkedApp.exec(app);
        assertTrue(crashed.stderr.contains("boom-main"), crashed.toString());

        ForkedApp.Result list = cli(java("-Djava.io.tmpdir=" + tmp), "outbox", "list");
        System.out.println(list.stdout);
        assertEquals(0, list.exitCode, list.toString());
        assertTrue(
                list.stdout.contains("1 application outbox(es) under " + tmp.resolve("telltale-outbox")),
                list.toString());
        assertTrue(list.stdout.contains("com.example.apps.UncaughtApp-"), list.toString());
        assertTrue(
                list.stdout.contains("Sentry/Bugsink DSN payloads, not a destination configured for this command"),
                list.toString());

        ForkedApp.Result named =
                cli(java("-Djava.io.tmpdir=" + tmp, "-Dtelltale.destinations=" + dsn), "outbox", "list");
        assertTrue(named.stdout.contains("sentry(127.0.0.1:" + server.getPort() + "/1) (lane "), named.toString());
        assertFalse(named.stdout.contains("pub@"), named.toString());

        Matcher file =
                Pattern.compile("([0-9a-f]{16}/\\d{19}-error-[0-9a-f]+\\.tlo)").matcher(list.stdout);
        assertTrue(file.find(), list.toString());
        ForkedApp.Result show = cli(
                java("-Djava.io.tmpdir=" + tmp), "outbox", "show", file.group(1).substring(17, 40));
        System.out.println(show.stdout);
        assertEquals(0, show.exitCode, show.toString());
        assertTrue(
                show.stdout.contains("\"event_id\" : \"") && show.stdout.contains("\"exception\" : {"),
                show.toString());
        assertFalse(show.stdout.contains("TTOB"), "no binary framing: " + show);

        ForkedApp.Result unconfigured = cli(java("-Djava.io.tmpdir=" + tmp), "outbox", "resend");
        System.out.println(unconfigured.stdout);
        assertEquals(1, unconfigured.exitCode, unconfigured.toString());
        assertTrue(
                unconfigured.stdout.contains("not configured for this command, left as they are"),
                unconfigured.toString());

        server.stubFor(post(urlPathEqualTo("/api/1/envelope/")).willReturn(okJson("{}")));
        ForkedApp.Result resend =
                cli(java("-Djava.io.tmpdir=" + tmp, "-Dtelltale.destinations=" + dsn), "outbox", "resend");
        System.out.println(resend.stdout);
        assertEquals(0, resend.exitCode, resend.toString());
        assertTrue(
                resend.stdout.matches(
                        "(?s).*sentry\\(127\\.0\\.0\\.1:\\d+/1\\): \\d+ file\\(s\\) before, 0 left \\(sent \\d+.*"),
                resend.toString());
    }
}
