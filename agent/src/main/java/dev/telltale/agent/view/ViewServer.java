package dev.telltale.agent.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The viewer's HTTP side, on the JDK's own server, bound to 127.0.0.1 only. Every route reads;
 * none writes, except the Sentry ingest when it was asked for. Pages are static assets from the
 * jar that fetch JSON and render it as text; the headers forbid inline script, framing and
 * content sniffing as a second line of defence. A request whose Host is not this loopback address
 * is refused, so a web page cannot reach the viewer through a rebound DNS name.
 */
final class ViewServer implements AutoCloseable {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Pattern INGEST = Pattern.compile("/api/[0-9]+/(envelope|store)/?");
    private static final int MAX_ISSUE_EVENTS = 1000;
    private static final String[][] ASSETS = {
        {"/", "index.html", "text/html; charset=utf-8"},
        {"/index.html", "index.html", "text/html; charset=utf-8"},
        {"/assets/app.js", "app.js", "text/javascript; charset=utf-8"},
        {"/assets/app.css", "app.css", "text/css; charset=utf-8"},
    };

    private final EventStore store;
    private final EnvelopeIngest ingest;
    private final HttpServer server;
    private final ExecutorService executor;
    private final int port;

    private ViewServer(Path dir, int port, boolean ingest) throws IOException {
        this.store = new EventStore(dir);
        this.ingest = ingest ? new EnvelopeIngest(dir) : null;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "telltale-view-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        this.port = server.getAddress().getPort();
    }

    /** Starts serving {@code dir} on 127.0.0.1:{@code port} (0: a free port). */
    public static ViewServer start(Path dir, int port, boolean ingest) throws IOException {
        ViewServer s = new ViewServer(dir, port, ingest);
        s.server.start();
        s.executor.execute(s.store::refresh); // read the files while the browser opens; requests wait for it
        return s;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The DSN a Sentry SDK can send to, when ingest is on. */
    public String dsn() {
        return "http://telltale@127.0.0.1:" + port + "/1";
    }

    public Path directory() {
        return store.directory();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            route(x);
        } catch (RuntimeException | IOException e) {
            send(x, 500, "text/plain; charset=utf-8", ("telltale view: " + e).getBytes(StandardCharsets.UTF_8));
        } finally {
            x.close();
        }
    }

    private void route(HttpExchange x) throws IOException {
        if (!hostAllowed(x.getRequestHeaders().getFirst("Host"))) {
            send(x, 403, "text/plain; charset=utf-8", bytes("this viewer answers on 127.0.0.1:" + port + " only"));
            return;
        }
        String path = x.getRequestURI().getRawPath();
        String method = x.getRequestMethod().toUpperCase(Locale.ROOT);
        Matcher m = INGEST.matcher(path);
        if (m.matches()) {
            if (ingest == null) {
                send(x, 404, "text/plain; charset=utf-8", bytes("ingest is off: start the viewer with --ingest"));
            } else if (!method.equals("POST")) {
                send(x, 405, "text/plain; charset=utf-8", bytes("POST an envelope"));
            } else if (!originAllowed(x.getRequestHeaders().getFirst("Origin"))) {
                // SDKs send no Origin; a browser does, so a page from elsewhere cannot write files here.
                send(x, 403, "text/plain; charset=utf-8", bytes("envelopes from a page of another origin are refused"));
            } else {
                ingest(x, m.group(1).equals("store"));
            }
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            x.getResponseHeaders().set("Allow", "GET, HEAD");
            send(x, 405, "text/plain; charset=utf-8", bytes("read-only"));
            return;
        }
        for (String[] a : ASSETS) {
            if (a[0].equals(path)) {
                send(x, 200, a[2], asset(a[1]));
                return;
            }
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        switch (path) {
            case "/api/generation":
                sendJson(x, g -> {
                    g.writeStartObject();
                    g.writeNumberField("generation", store.refresh());
                    g.writeEndObject();
                });
                return;
            case "/api/issues":
                store.refresh();
                sendJson(x, this::writeIssues);
                return;
            case "/api/issue":
                issue(x, q);
                return;
            case "/api/event":
                event(x, q.get("name"));
                return;
            default:
                send(x, 404, "text/plain; charset=utf-8", bytes("not found"));
        }
    }

    private boolean hostAllowed(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
    }

    private static boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.matches("https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?");
    }

    private void writeIssues(JsonGenerator g) throws IOException {
        List<EventStore.Issue> issues = store.issues();
        g.writeStartObject();
        g.writeNumberField("generation", store.generation());
        g.writeStringField("directory", store.directory().toAbsolutePath().toString());
        g.writeNumberField("files", store.filesSeen());
        g.writeNumberField("events", store.eventCount());
        g.writeNumberField("unreadable", store.unreadableCount());
        g.writeBooleanField("ingest", ingest != null);
        if (ingest != null) {
            g.writeStringField("dsn", dsn());
        }
        g.writeArrayFieldStart("issues");
        for (EventStore.Issue i : issues) {
            writeIssueHead(g, i);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeIssueHead(JsonGenerator g, EventStore.Issue i) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", i.key);
        g.writeStringField("title", i.latest.title);
        g.writeStringField("culprit", i.latest.culprit);
        g.writeStringField("level", i.latest.level);
        g.writeNumberField("count", i.count);
        g.writeNumberField("firstSeen", i.firstSeen);
        g.writeNumberField("lastSeen", i.lastSeen);
        g.writeStringField("latest", i.latest.name);
    }

    private void issue(HttpExchange x, Map<String, String> q) throws IOException {
        store.refresh();
        String key = q.get("key");
        if (key == null && q.get("event") != null) {
            EventSummary e = store.summary(q.get("event"));
            key = e == null ? null : e.groupKey;
        }
        EventStore.Issue i = store.issue(key);
        if (i == null) {
            send(x, 404, "text/plain; charset=utf-8", bytes("no such issue"));
            return;
        }
        sendJson(x, g -> {
            writeIssueHead(g, i);
            g.writeArrayFieldStart("events");
            int n = 0;
            for (EventSummary e : i.newestFirst()) {
                if (n++ == MAX_ISSUE_EVENTS) {
                    break;
                }
                g.writeStartObject();
                g.writeStringField("name", e.name);
                g.writeStringField("eventId", e.eventId);
                g.writeNumberField("timestamp", e.timestamp);
                g.writeStringField("level", e.level);
                g.writeStringField("title", e.title);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void event(HttpExchange x, String name) throws IOException {
        Path f = store.file(name);
        if (f == null && name != null && name.endsWith(".json")) {
            store.rescan(); // a file that arrived after the last scan
            f = store.file(name);
        }
        byte[] body;
        try {
            body = f == null || Files.size(f) > EventStore.MAX_FILE_BYTES ? null : Files.readAllBytes(f);
        } catch (NoSuchFileException gone) {
            body = null;
        }
        if (body == null) {
            send(x, 404, "text/plain; charset=utf-8", bytes("no such event"));
            return;
        }
        // Served as data: the page parses it and renders it as text; nosniff keeps it from being a page.
        x.getResponseHeaders().set("Content-Disposition", "inline; filename=\"event.json\"");
        send(x, 200, "application/json; charset=utf-8", body);
    }

    private void ingest(HttpExchange x, boolean store) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = EnvelopeIngest.read(in, x.getRequestHeaders().getFirst("Content-Encoding"));
        } catch (IOException e) {
            send(x, 413, "text/plain; charset=utf-8", bytes("telltale view: " + e.getMessage()));
            return;
        }
        final List<String> ids;
        try {
            ids = store ? java.util.Collections.singletonList(ingest.store(body)) : ingest.envelope(body);
        } catch (IOException | RuntimeException e) {
            send(x, 400, "text/plain; charset=utf-8", bytes("telltale view: not a Sentry envelope: " + e.getMessage()));
            return;
        }
        if (!ids.isEmpty()) {
            this.store.invalidate(); // a page asking right after must see what was just written
        }
        sendJson(x, g -> {
            g.writeStartObject();
            if (!ids.isEmpty()) {
                g.writeStringField("id", ids.get(0));
            }
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void sendJson(HttpExchange x, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(out)) {
            body.write(g);
        }
        send(x, 200, "application/json; charset=utf-8", out.toByteArray());
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("Content-Security-Policy", CSP);
        x.getResponseHeaders().set("X-Frame-Options", "DENY");
        x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equalsIgnoreCase("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        }
    }

    private static final Map<String, byte[]> ASSET_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static byte[] asset(String name) throws IOException {
        byte[] cached = ASSET_CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = ViewServer.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IOException("asset missing from the jar: " + name);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            byte[] b = out.toByteArray();
            ASSET_CACHE.put(name, b);
            return b;
        }
    }

    private static Map<String, String> query(String raw) throws UnsupportedEncodingException {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                q.put(
                        URLDecoder.decode(part.substring(0, eq), "UTF-8"),
                        URLDecoder.decode(part.substring(eq + 1), "UTF-8"));
            }
        }
        return q;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
