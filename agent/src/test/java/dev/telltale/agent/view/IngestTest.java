package dev.telltale.agent.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.config.ConfigKey;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code view --ingest}: what Sentry-compatible SDKs send to the local DSN lands as event files the viewer lists. */
class IngestTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
        }
    }

    private static void awaitFiles(Path dir, int n) throws Exception {
        assertTrue(
                Chromium.until(
                        () -> {
                            try {
                                return files(dir).size() >= n;
                            } catch (IOException e) {
                                return false;
                            }
                        },
                        WAIT),
                "expected " + n + " event file(s) in " + dir);
    }

    static void failHere(int order) {
        throw new IllegalStateException("no stock for order " + order, new java.io.IOException("disk full"));
    }

    @Test
    void officialSentrySdkEventsBecomeFilesTheViewerLists() throws Exception {
        try (ViewServer server = ViewServer.start(dir, 0, true)) {
            Sentry.init((SentryOptions o) -> {
                o.setDsn(server.dsn());
                o.addInAppInclude("dev.telltale.agent.view");
                o.setEnableUncaughtExceptionHandler(false);
                o.setRelease("shop@2.0.0");
            });
            try {
                Sentry.setTag("region", "eu-west");
                Sentry.addBreadcrumb("cart submitted", "checkout");
                try {
                    failHere(1042);
                } catch (IllegalStateException e) {
                    Sentry.captureException(e);
                }
                Sentry.flush(10_000);
            } finally {
                Sentry.close();
            }
            awaitFiles(dir, 1);
            Object ev = JsonTree.parse(Files.readAllBytes(files(dir).get(0)));
            List<Object> chain = JsonTree.list(ev, "exceptions");
            assertEquals(
                    "java.lang.IllegalStateException", JsonTree.str(chain.get(0), "type"), "thrown exception first");
            assertEquals("java.io.IOException", JsonTree.str(chain.get(1), "type"));
            assertEquals("cause", JsonTree.str(chain.get(1), "relation"));
            Object top = JsonTree.list(chain.get(0), "frames").get(0);
            assertEquals("failHere", JsonTree.str(top, "method"), "innermost frame first");
            assertEquals(Boolean.TRUE, JsonTree.get(top, "inApp"));
            assertEquals("eu-west", JsonTree.str(JsonTree.obj(ev, "tags"), "region"));
            assertEquals("shop@2.0.0", JsonTree.str(ev, "release"));
            assertTrue(JsonTree.list(ev, "breadcrumbs").stream()
                    .anyMatch(b -> JsonTree.str(b, "message").equals("cart submitted")));

            Object issues = JsonTree.parse(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "api/issues"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body());
            Object issue = JsonTree.list(issues, "issues").get(0);
            assertEquals("IllegalStateException: no stock for order 1042", JsonTree.str(issue, "title"));
            assertTrue(JsonTree.str(issue, "culprit").endsWith("IngestTest.failHere"), JsonTree.str(issue, "culprit"));
        }
    }

    @Test
    void telltalesOwnSentryDestinationCanSendToTheViewer() throws Exception {
        try (ViewServer server = ViewServer.start(dir, 0, true)) {
            TelltaleClient client = TelltaleClient.start(TelltaleOptions.builder()
                    .set(ConfigKey.DESTINATIONS, server.dsn())
                    .set(ConfigKey.UNCAUGHT_HANDLER, "false")
                    .set(ConfigKey.SHUTDOWN_HOOK, "false")
                    .build());
            try {
                client.captureException(new IllegalArgumentException("bad coupon SAVE10"));
                assertTrue(client.flush(20_000));
            } finally {
                client.close();
            }
            awaitFiles(dir, 1);
            Object ev = JsonTree.parse(Files.readAllBytes(files(dir).get(0)));
            assertEquals(
                    "java.lang.IllegalArgumentException",
                    JsonTree.str(JsonTree.list(ev, "exceptions").get(0), "type"));
            assertEquals(
                    "bad coupon SAVE10",
                    JsonTree.str(JsonTree.list(ev, "exceptions").get(0), "message"));
        }
    }

    @Test
    void aMalformedEnvelopeIsRefusedAndWritesNothing() throws Exception {
        try (ViewServer server = ViewServer.start(dir, 0, true)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String body : new String[] {
                "", "not json\n", "{}\n{\"type\":\"event\",\"length\":999}\n{}", "{}\n{\"type\":\"event\"}\n[1]"
            }) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "api/1/envelope/"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode(), body + " → " + r.body());
            }
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "api/1/envelope/"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}\n{\"type\":\"session\"}\n{\"sid\":\"x\"}\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), "other item types are accepted and ignored");
            HttpResponse<String> foreign = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "api/1/envelope/"))
                            .header("Origin", "https://evil.example")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{}\n{\"type\":\"event\"}\n{\"message\":\"x\"}\n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), "a page of another origin cannot write events");
            assertEquals(List.of(), files(dir));
        }
    }
}
