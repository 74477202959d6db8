package dev.telltale.agent.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's HTTP side without a browser: grouping, robust reading, read-only, what it serves to whom. */
class ViewServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static String event(
            String id, String type, String message, String frameClass, String frameMethod, String extra) {
        return "{\n  \"eventId\": \"" + id
                + "\",\n  \"timestamp\": \"2026-11-23T13:39:52.123Z\",\n  \"level\": \"error\",\n"
                + "  \"title\": \"" + type + ": " + message + "\",\n"
                + "  \"exceptions\": [ {\n    \"id\": 0,\n    \"relation\": \"thrown\",\n    \"type\": \"" + type
                + "\",\n"
                + "    \"message\": \"" + message + "\",\n    \"frames\": [\n"
                + "      { \"class\": \"java.util.HashMap\", \"method\": \"get\", \"inApp\": false },\n"
                + "      { \"class\": \"" + frameClass + "\", \"method\": \"" + frameMethod
                + "\", \"line\": 42, \"inApp\": true }\n"
                + "    ]\n  } ]" + extra + "\n}\n";
    }

    private void file(String name, String json) throws Exception {
        Files.write(dir.resolve(name), json.getBytes(StandardCharsets.UTF_8));
    }

    private Object get(ViewServer s, String path) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        return JsonTree.parse(r.body());
    }

    @Test
    void groupsByFingerprintElseByTypeTopInAppFrameAndNormalisedMessage() throws Exception {
        file(
                "1-a.json",
                event(
                        "a",
                        "com.shop.NotFound",
                        "order 1042 of ada@example.org",
                        "com.shop.Orders",
                        "lambda$find$0",
                        ""));
        file(
                "2-b.json",
                event("b", "com.shop.NotFound", "order 77 of bob@example.org", "com.shop.Orders", "lambda$find$0", ""));
        file(
                "3-c.json",
                event(
                        "c",
                        "com.shop.NotFound",
                        "order 5 of eve@example.org",
                        "com.shop.Orders",
                        "lambda$find$3",
                        "")); // another build numbers the lambda differently
        file(
                "3-w.json",
                "{\"eventId\":\"w\",\"leadException\":1,\"exceptions\":["
                        + "{\"id\":0,\"type\":\"com.acme.web.WrapperException\",\"message\":\"request failed\","
                        + "\"frames\":[{\"class\":\"com.shop.Web\",\"method\":\"handle\",\"inApp\":true}]},"
                        + "{\"id\":1,\"parentId\":0,\"relation\":\"cause\",\"type\":\"com.shop.NotFound\","
                        + "\"message\":\"order 8 of kim@example.org\",\"frames\":[{\"class\":\"com.shop.Orders\","
                        + "\"method\":\"lambda$find$1\",\"inApp\":true}]}]}"); // the event names the cause as its lead
        file("4-d.json", event("d", "com.shop.NotFound", "order 5 of eve@example.org", "com.shop.Carts", "load", ""));
        file(
                "5-e.json",
                event(
                        "e",
                        "com.shop.Timeout",
                        "after 30 s",
                        "com.shop.Pay",
                        "charge",
                        ",\n  \"fingerprint\": [\"payment-timeout\"]"));
        file(
                "6-f.json",
                event(
                        "f",
                        "java.net.SocketTimeoutException",
                        "read timed out",
                        "com.shop.Pay",
                        "refund",
                        ",\n  \"fingerprint\": [\"payment-timeout\"]"));
        file(
                "7-g.json",
                "{\"eventId\":\"g\",\"level\":\"warning\",\"message\":\"Inventory low for SKU 77\",\"messageTemplate\":\"Inventory low for SKU {}\"}");
        file(
                "8-h.json",
                "{\"eventId\":\"h\",\"level\":\"warning\",\"message\":\"Inventory low for SKU 12\",\"messageTemplate\":\"Inventory low for SKU {}\"}");
        try (ViewServer s = ViewServer.start(dir, 0, false)) {
            Map<String, Integer> byKey = new TreeMap<>();
            for (Object i : JsonTree.list(get(s, "/api/issues"), "issues")) {
                byKey.put(JsonTree.str(i, "key").replace('\n', '|'), Integer.parseInt(JsonTree.str(i, "count")));
            }
            assertEquals(4, byKey.size(), byKey.toString());
            assertEquals(
                    4,
                    byKey.get("exc|com.shop.NotFound|com.shop.Orders.lambda$find|order <n> of <email>"),
                    "ids, e-mails, lambda numbers and a wrapper around the lead exception do not split a bug: "
                            + byKey);
            assertEquals(
                    1,
                    byKey.get("exc|com.shop.NotFound|com.shop.Carts.load|order <n> of <email>"),
                    "another in-app frame is another bug: " + byKey);
            Object issues = get(s, "/api/issues");
            int fingerprinted = 0;
            int messages = 0;
            for (Object i : JsonTree.list(issues, "issues")) {
                if (JsonTree.str(i, "key").startsWith("fp\npayment-timeout")) {
                    fingerprinted = Integer.parseInt(JsonTree.str(i, "count"));
                }
                if (JsonTree.str(i, "title").startsWith("Inventory low")) {
                    messages = Integer.parseInt(JsonTree.str(i, "count"));
                }
            }
            assertEquals(2, fingerprinted, "a fingerprint groups different exceptions");
            assertEquals(2, messages, "message events group by their template");
        }
    }

    @Test
    void readsPrettyPrintedAndSparseFilesSkipsTempFilesAndCountsUnreadableOnes() throws Exception {
        file("1-sparse.json", "{ \"eventId\" : \"s\",\n\n  \"exceptions\" : [ { \"type\" : \"java.lang.Error\" } ] }");
        file(
                "2-odd.json",
                "{\"eventId\": 7, \"timestamp\": 1764000000.5, \"exceptions\": {\"x\": 1}, \"breadcrumbs\": \"no\", \"tags\": []}");
        file("3-broken.json", "{\"eventId\": \"half");
        file("4-array.json", "[1, 2]");
        file(".tmp-123.json", "{");
        file("notes.txt", "not an event");
        try (ViewServer s = ViewServer.start(dir, 0, false)) {
            Object issues = get(s, "/api/issues");
            assertEquals("2", JsonTree.str(issues, "events"));
            assertEquals("2", JsonTree.str(issues, "unreadable"));
            List<String> titles = new ArrayList<>();
            for (Object i : JsonTree.list(issues, "issues")) {
                titles.add(JsonTree.str(i, "title"));
            }
            assertTrue(titles.contains("java.lang.Error"), titles.toString());
            assertEquals(
                    200,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(s.url() + "api/event?name=3-broken.json"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode(),
                    "an unreadable file is still shown as its text");
        }
    }

    @Test
    void changesNothingOnDiskAndRefusesEveryWrite() throws Exception {
        SampleEvents.standardSet(dir);
        Map<String, String> before = snapshot(dir);
        String name = before.keySet().iterator().next();
        try (ViewServer s = ViewServer.start(dir, 0, false)) {
            for (String path : new String[] {
                "",
                "index.html",
                "assets/app.js",
                "assets/app.css",
                "api/issues",
                "api/generation",
                "api/event?name=" + name,
                "api/issue?event=" + name
            }) {
                assertEquals(200, status(s, "GET", path), path);
            }
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                for (String path : new String[] {"", "api/issues", "api/event?name=" + name}) {
                    assertEquals(405, status(s, method, path), method + " " + path);
                }
            }
            assertEquals(404, status(s, "POST", "api/1/envelope/"), "ingest is off unless asked for");
        }
        assertEquals(before, snapshot(dir));
    }

    @Test
    void servesOnlyListedFilesOnLoopbackToLoopbackHostNames() throws Exception {
        file("1-a.json", event("a", "X", "m", "c.C", "m", ""));
        Files.write(dir.resolveSibling("secret.json"), "{\"secret\": true}".getBytes(StandardCharsets.UTF_8));
        try (ViewServer s = ViewServer.start(dir, 0, false)) {
            assertTrue(s.url().startsWith("http://127.0.0.1:"));
            for (String name : new String[] {
                "../secret.json",
                "..%2Fsecret.json",
                dir.resolveSibling("secret.json").toString(),
                "nope.json"
            }) {
                assertEquals(404, status(s, "GET", "api/event?name=" + name), name);
            }
            assertTrue(rawStatusLine(s, "evil.example:" + s.port()).contains(" 403 "), "a rebound DNS name is refused");
            assertTrue(rawStatusLine(s, "localhost:" + s.port()).contains(" 200 "));
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(s.url())).build(), HttpResponse.BodyHandlers.ofString());
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
            HttpResponse<String> ev = http.send(
                    HttpRequest.newBuilder(URI.create(s.url() + "api/event?name=1-a.json"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(
                    "nosniff", ev.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(ev.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
    }

    private int status(ViewServer s, String method, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(s.url() + path))
                                .method(
                                        method,
                                        method.equals("GET")
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String rawStatusLine(ViewServer s, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/generation HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    m.put(
                            dir.relativize(p).toString(),
                            Base64.getEncoder().encodeToString(sha) + " " + Files.getLastModifiedTime(p));
                }
            }
        }
        return m;
    }
}
