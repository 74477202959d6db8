package dev.telltale.bench;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * How long {@code close()} takes right after the last captures (issue 12): nothing pending, one event,
 * 1,000 events; to a healthy Sentry DSN on the JDK's own HTTP server, to {@code file:}, and to a backend
 * that accepts connections and never answers. Prints one TSV line per case: median and max of the runs,
 * and what was left in the outbox (spooled) at the end.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.telltale.bench.CloseTimes [runs]</pre>
 */
public final class CloseTimes {
    private CloseTimes() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        healthy.setExecutor(Executors.newFixedThreadPool(4));
        healthy.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                byte[] buf = new byte[8192];
                while (in.read(buf) > 0) {
                    // drain
                }
            }
            byte[] ok = "{}".getBytes("UTF-8");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        healthy.start();
        ServerSocket hanging = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(
                () -> {
                    while (true) {
                        try {
                            held.add(hanging.accept()); // never answered
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "hanging-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        Path tmp = Files.createTempDirectory("close-times");
        System.out.println("case\tevents\tmedian_ms\tmax_ms\tspooled_last_run\tshutdown_timeout_ms");
        String[] kinds = {"jdk-http", "file", "hanging"};
        for (String kind : kinds) {
            for (int n : new int[] {0, 1, 1000}) {
                long[] ms = new long[runs];
                long spooled = 0;
                for (int r = 0; r < runs; r++) {
                    Path dir = Files.createTempDirectory(tmp, kind);
                    String dest;
                    switch (kind) {
                        case "jdk-http":
                            dest = "http://k@127.0.0.1:" + healthy.getAddress().getPort() + "/1";
                            break;
                        case "file":
                            dest = "file:" + dir.resolve("events");
                            break;
                        default:
                            dest = "http://k@127.0.0.1:" + hanging.getLocalPort() + "/1";
                            break;
                    }
                    TelltaleClient c = TelltaleClient.start(TelltaleOptions.builder()
                            .externalConfig(false)
                            .uncaughtHandler(false)
                            .shutdownHook(false)
                            .destinations(dest)
                            .outboxDir(dir.resolve("outbox").toString())
                            .set("queue-size", "2000")
                            .set("shutdown-timeout-ms", "2000")
                            .build());
                    for (int i = 0; i < n; i++) {
                        c.captureMessage("close-times-" + i, Level.ERROR);
                    }
                    long t0 = System.nanoTime();
                    c.close();
                    ms[r] = (System.nanoTime() - t0) / 1_000_000;
                    spooled = c.stats().destinations().get(0).spooled();
                }
                Arrays.sort(ms);
                System.out.println(
                        kind + "\t" + n + "\t" + ms[runs / 2] + "\t" + ms[runs - 1] + "\t" + spooled + "\t2000");
            }
        }
        healthy.stop(0);
        hanging.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
