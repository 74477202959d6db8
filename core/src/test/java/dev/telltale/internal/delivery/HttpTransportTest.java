package dev.telltale.internal.delivery;

import static dev.telltale.internal.delivery.FaultServer.Mode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.destination.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
    private static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("X-Test-Auth", "s3cr3t-token");
        return h;
    }

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aHeaderTheJdkRefusesFailsWithoutQuotingItsValue() {
        HttpTransport t = new HttpTransport(1_000, 1_000, null);
        String secret = "sk-live-0123456789";
        IOException e = assertThrows(
                IOException.class,
                () -> t.post(
                        "http://127.0.0.1:9/never",
                        Collections.singletonMap("Authorization", "Bearer " + secret + "\r\nX: y"),
                        new byte[0],
                        false));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(Lane.describe(e).contains(secret), Lane.describe(e));
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    }

    @Test
    void keepsOneConnectionAliveAcrossRequests() throws IOException {
        try (FaultServer s = new FaultServer(Mode.OK)) {
            HttpTransport t = new HttpTransport(1_000, 5_000, null);
            for (int i = 0; i < 5; i++) {
                assertEquals(
                        200,
                        t.post(s.url("/e"), HEADERS, body("{\"n\":" + i + "}"), false)
                                .status());
            }
            assertEquals(5, s.accepted().size());
            assertEquals(1, s.connections.get(), "one keep-alive connection");
        }
    }

    @Test
    void aServerDrippingItsAnswerIsCutAtTheWholeRequestDeadline() throws IOException {
        try (FaultServer s = new FaultServer(Mode.DRIP)) {
            // Each byte comes within the 500 ms read timeout; the whole answer would take ~8 s.
            HttpTransport t = new HttpTransport(500, 500, null);
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> t.post(s.url("/e"), HEADERS, body("{}"), false));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 6_000, "held for " + ms + " ms");
        }
    }

    @Test
    void anEndlessBodyIsCutAtTheCapAndTheStatusStillCounts() throws IOException {
        try (FaultServer s = new FaultServer(Mode.ENDLESS_BODY)) {
            HttpTransport t = new HttpTransport(1_000, 30_000, null);
            HttpResponse r = t.post(s.url("/e"), HEADERS, body("{}"), false);
            assertEquals(200, r.status());
            assertEquals(HttpTransport.MAX_RESPONSE_BYTES, r.body().length);
            s.mode = Mode.OK;
            assertEquals(200, t.post(s.url("/e"), HEADERS, body("{}"), false).status());
            assertEquals(2, s.connections.get(), "the connection of the endless body is not reused");
        }
    }

    @Test
    void hugeHeadersAndATruncatedBodyAreFailuresToRetry() throws IOException {
        try (FaultServer s = new FaultServer(Mode.HUGE_HEADERS)) {
            HttpTransport t = new HttpTransport(1_000, 5_000, null);
            IOException e = assertThrows(IOException.class, () -> t.post(s.url("/e"), HEADERS, body("{}"), false));
            assertTrue(e.getMessage().contains("headers larger"), e.getMessage());
            s.mode = Mode.TRUNCATED_BODY;
            assertThrows(IOException.class, () -> t.post(s.url("/e"), HEADERS, body("{}"), false));
        }
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndNamesOnlyTheHost() throws IOException {
        try (FaultServer s = new FaultServer(Mode.REDIRECT_OTHER_HOST)) {
            HttpTransport t = new HttpTransport(1_000, 5_000, null);
            IOException e = assertThrows(IOException.class, () -> t.post(s.url("/e"), HEADERS, body("{}"), false));
            assertTrue(e.getMessage().contains("another host, localhost"), e.getMessage());
            assertFalse(e.getMessage().contains("SECRET") || e.getMessage().contains("elsewhere"), e.getMessage());
            assertEquals(1, s.requests.get(), "nothing was sent to the other host");
        }
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedWithTheCredentials() throws IOException {
        try (FaultServer s = new FaultServer(Mode.REDIRECT_SAME_HOST)) {
            HttpTransport t = new HttpTransport(1_000, 5_000, null);
            assertEquals(
                    200, t.post(s.url("/e"), HEADERS, body("{\"a\":1}"), false).status());
            List<Map<String, String>> heads = s.heads();
            assertEquals(2, heads.size());
            assertEquals("/moved", heads.get(1).get(":path"));
            assertEquals("s3cr3t-token", heads.get(1).get("x-test-auth"));
            assertEquals(Collections.singletonList("{\"a\":1}"), s.accepted());
        }
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() throws Exception {
        IOException e = assertThrows(
                IOException.class,
                () -> HttpTransport.redirectTarget(new java.net.URI("https://h.example/api"), "http://h.example/api"));
        assertTrue(e.getMessage().contains("same host"), e.getMessage());
        assertEquals(
                new java.net.URI("https://h.example/api/1"),
                HttpTransport.redirectTarget(new java.net.URI("http://h.example/x"), "https://h.example/api/1"));
    }

    @Test
    void abortCutsARequestTheServerNeverAnswers() throws Exception {
        try (FaultServer s = new FaultServer(Mode.HANG)) {
            HttpTransport t = new HttpTransport(1_000, 60_000, null);
            CompletableFuture<HttpResponse> f = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.post(s.url("/e"), HEADERS, body("{}"), false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            dev.telltale.testkit.Poll.until(10_000, () -> s.requests.get() == 1);
            t.abort();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(java.io.UncheckedIOException.class, e.getCause());
            assertThrows(
                    IOException.class, () -> t.post(s.url("/e"), HEADERS, body("{}"), false), "refused after abort");
        }
    }

    @Test
    void plainHttpGoesThroughTheConfiguredProxyInAbsoluteForm() throws IOException {
        try (FaultServer proxy = new FaultServer(Mode.OK)) {
            HttpTransport t = new HttpTransport(
                    1_000,
                    5_000,
                    new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", proxy.port())));
            assertEquals(
                    200,
                    t.post("http://backend.invalid:8080/api?x=1", HEADERS, body("{}"), false)
                            .status());
            Map<String, String> head = proxy.heads().get(0);
            assertEquals("http://backend.invalid:8080/api?x=1", head.get(":path"));
            assertEquals("backend.invalid:8080", head.get("host"));
        }
    }

    /**
     * The cause of issue 14: the JDK's server writes a response's head and body separately with Nagle
     * on, so on a kept-alive connection its body waits for our delayed ACK (~40 ms). The transport must
     * notice and ask that server to close connections instead (its FIN pushes the body out at once).
     */
    @Test
    void aServerThatHoldsItsBodyBackGetsConnectionCloseInstead() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        List<String> connectionHeaders = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                while (in.read(new byte[4096]) > 0) {
                    // drain
                }
            }
            String c = ex.getRequestHeaders().getFirst("Connection");
            connectionHeaders.add(c == null ? "" : c);
            byte[] answer = "{\"id\":\"0123456789abcdef0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        try {
            HttpTransport t = new HttpTransport(1_000, 5_000, null);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/1/envelope/";
            for (int i = 0; i < 30; i++) {
                assertEquals(200, t.post(url, HEADERS, new byte[2000], false).status());
            }
            assertTrue(
                    connectionHeaders.subList(10, 30).stream().allMatch("close"::equals), connectionHeaders.toString());
        } finally {
            server.stop(0);
        }
    }
}
