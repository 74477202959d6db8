package dev.telltale.bench;

import dev.telltale.internal.delivery.HttpTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * Milliseconds per POST, one after another on one thread, against each server of {@link Backends}
 * (answering 200 with a small JSON body, as Sentry does): the JDK's {@code HttpURLConnection}
 * (kept alive) next to Telltale's transport. Issue 14's stall (the JDK server's body waiting for a
 * delayed ACK, ~40 ms per request) shows here, and the sink alone would not show it. Prints one line
 * per client and server: {@code stall client server requests msPerRequest}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.telltale.bench.TransportStall REQUESTS}
 */
public final class TransportStall {
    private static final Map<String, String> HEADERS = Collections.singletonMap("Content-Type", "application/json");

    private TransportStall() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        byte[] body = new byte[20_000];
        java.util.Arrays.fill(body, (byte) 'x');
        for (String server : new String[] {"jdk", "jetty", "sink"}) {
            try (Backends b = Backends.start(server, 0)) {
                String url = "http://" + b.hostPort() + "/telltale";
                HttpTransport t = new HttpTransport(2_000, 10_000, null);
                for (int round = 0; round < 2; round++) { // the first round warms up
                    long huc = time(n, () -> urlConnection(url, body));
                    long tt = time(n, () -> t.post(url, HEADERS, body, false));
                    if (round == 1) {
                        System.out.println(String.format(
                                Locale.ROOT, "stall\tHttpURLConnection\t%s\t%d\t%.2f", server, n, huc / 1e6 / n));
                        System.out.println(
                                String.format(Locale.ROOT, "stall\ttelltale\t%s\t%d\t%.2f", server, n, tt / 1e6 / n));
                    }
                }
                t.abort();
            }
        }
        System.exit(0);
    }

    interface Call {
        void run() throws Exception;
    }

    private static long time(int n, Call c) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.run();
        }
        return System.nanoTime() - start;
    }

    private static void urlConnection(String url, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream o = c.getOutputStream()) {
            o.write(body);
        }
        if (c.getResponseCode() != 200) {
            throw new IllegalStateException("HTTP " + c.getResponseCode());
        }
        try (InputStream in = c.getInputStream()) {
            while (in.read() >= 0) {
                // to the end, so the connection is kept alive
            }
        }
    }
}
