package dev.telltale.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A Sentry envelope endpoint on the JDK's own HTTP server (loopback, a free port, under {@code /api/}):
 * while {@code up} holds it keeps each envelope's text (gunzipped) and answers 200 with an id;
 * otherwise it reads the request and answers 503.
 */
public final class EnvelopeServer {
    private EnvelopeServer() {}

    public static HttpServer start(List<String> envelopes, BooleanSupplier up) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.createContext("/api/", ex -> {
            try {
                InputStream in = ex.getRequestBody();
                if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                byte[] body = readAll(in);
                if (!up.getAsBoolean()) {
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                envelopes.add(new String(body, StandardCharsets.UTF_8));
                byte[] ok = "{\"id\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            } finally {
                ex.close();
            }
        });
        s.start();
        return s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
