package dev.telltale.agent.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code java -jar telltale-agent.jar view ...} from the shaded jar, in its own JVM. */
class ViewCommandIT {
    private static final Path JAR = Paths.get(System.getProperty("telltale.agent.jar", "target/telltale-agent.jar"))
            .toAbsolutePath();
    private static final Pattern URL = Pattern.compile("telltale view: (http://127\\.0\\.0\\.1:\\d+/) ");

    @TempDir
    Path tmp;

    private static String java(String jdk) {
        if (jdk.equals("25")) {
            Path home = Paths.get(System.getProperty("telltale.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
            Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK 25 at " + home);
            return home.resolve("bin/java").toString();
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the command, returns the URL it printed; the process is stopped by the caller. */
    private static String startAndReadUrl(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                return null;
            }
        });
        String line = first.get(60, TimeUnit.SECONDS);
        Matcher m = URL.matcher(line == null ? "" : line);
        assertTrue(m.find(), "printed its URL: " + line);
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void servesTheConfiguredDirectoryOnLoopbackUntilStopped(String jdk) throws Exception {
        Path dir = tmp.resolve("events");
        SampleEvents.standardSet(dir);
        Process p = new ProcessBuilder(java(jdk), "-Dtelltale.destinations=file:" + dir, "-jar", JAR.toString(), "view")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String url = startAndReadUrl(p);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> issues = http.send(
                    HttpRequest.newBuilder(URI.create(url + "api/issues")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, issues.statusCode());
            Object body = JsonTree.parse(issues.body());
            assertEquals(
                    dir.toAbsolutePath().toString(), JsonTree.str(body, "directory"), "the configured file: directory");
            assertEquals(4, JsonTree.list(body, "issues").size());
            for (String asset : new String[] {"", "assets/app.js", "assets/app.css"}) {
                assertEquals(
                        200,
                        http.send(
                                        HttpRequest.newBuilder(URI.create(url + asset))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode(),
                        "the jar carries " + asset);
            }
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void badArgumentsGetOneTelltaleLineAndExitStatusTwo() throws Exception {
        for (List<String> args : Arrays.asList(
                Arrays.asList("view", "--port", "http"),
                Arrays.asList("view", "a", "b"),
                Arrays.asList("view", "--port", "70000"))) {
            List<String> cmd = new ArrayList<>(Arrays.asList(java("17"), "-jar", JAR.toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue(), out);
            assertTrue(out.startsWith("telltale: ") && out.trim().split("\n").length == 1, out);
        }
    }
}
