package dev.telltale.destination.bugsnag;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.User;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes BugSnag's error reporting payload (version 4) and session payload (version 1.0). The API
 * key is not written here: it is added at send time, so that payloads can sit in the outbox.
 */
final class BugsnagEncoder {
    static final String NOTIFIER_NAME = "Telltale";
    static final String NOTIFIER_URL = "https://telltale.dev";
    static final String NOTIFIER_VERSION = readVersion();
    /** Longest breadcrumb name; the whole message goes into the crumb's metaData when cut. */
    static final int MAX_CRUMB_NAME = 140;
    /** Sentry's "use the default grouping" marker: BugSnag has no way to combine it, so no hash. */
    private static final String DEFAULT_GROUPING = "{{ default }}";

    private final String appType;

    BugsnagEncoder(String appType) {
        this.appType = appType;
    }

    /** A session as BugSnag attributes events to it; null when sessions are not tracked. */
    static final class SessionState {
        final String id;
        final long startedAt;
        final int handled;
        final int unhandled;

        SessionState(String id, long startedAt, int handled, int unhandled) {
            this.id = id;
            this.startedAt = startedAt;
            this.handled = handled;
            this.unhandled = unhandled;
        }
    }

    byte[] notify(Event e, SessionState session) throws IOException {
        return Json.write(g -> {
            g.writeStartObject();
            notifier(g);
            g.writeArrayFieldStart("events");
            event(g, e, session);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A sessions payload: {@code counts} maps the start of each minute (epoch ms) to sessions started in it. */
    byte[] sessions(Map<Long, Integer> counts, String release, String environment, String hostname, Platform p)
            throws IOException {
        return Json.write(g -> {
            g.writeStartObject();
            notifier(g);
            app(g, release, environment);
            device(g, hostname, p, 0L);
            g.writeArrayFieldStart("sessionCounts");
            for (Map.Entry<Long, Integer> c : counts.entrySet()) {
                g.writeStartObject();
                g.writeStringField("startedAt", minute(c.getKey()));
                g.writeNumberField("sessionsStarted", c.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** BugSnag buckets session counts per minute: {@code 2026-11-23T13:39:00Z}. */
    static String minute(long epochMillis) {
        String iso = Json.iso(epochMillis - epochMillis % 60_000L);
        return iso.substring(0, 17) + "00Z";
    }

    private static void notifier(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("notifier");
        g.writeStringField("name", NOTIFIER_NAME);
        g.writeStringField("version", NOTIFIER_VERSION);
        g.writeStringField("url", NOTIFIER_URL);
        g.writeEndObject();
    }

    private void app(JsonGenerator g, String release, String environment) throws IOException {
        g.writeObjectFieldStart("app");
        Json.stringIfPresent(g, "version", release);
        Json.stringIfPresent(g, "releaseStage", environment);
        Json.stringIfPresent(g, "type", appType);
        g.writeEndObject();
    }

    private static void device(JsonGenerator g, String hostname, Platform p, long time) throws IOException {
        g.writeObjectFieldStart("device");
        Json.stringIfPresent(g, "hostname", hostname);
        Json.stringIfPresent(g, "osName", p.osName());
        Json.stringIfPresent(g, "osVersion", p.osVersion());
        if (time > 0) {
            g.writeStringField("time", Json.iso(time));
        }
        g.writeObjectFieldStart("runtimeVersions");
        // the keys bugsnag-java uses, so both notifiers' events line up on the dashboard
        Json.stringIfPresent(g, "javaVersion", p.runtimeVersion());
        Json.stringIfPresent(g, "javaType", p.runtimeName());
        Json.stringIfPresent(g, "javaVendor", p.runtimeVendor());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void event(JsonGenerator g, Event e, SessionState session) throws IOException {
        g.writeStartObject();
        g.writeStringField("payloadVersion", "4");
        BugsnagStack.exceptions(g, e);
        BugsnagStack.threads(g, e);
        breadcrumbs(g, e.breadcrumbs());
        String context = context(e);
        Json.stringIfPresent(g, "context", context);
        Json.stringIfPresent(g, "groupingHash", groupingHash(e));
        g.writeBooleanField("unhandled", !e.handled());
        g.writeStringField("severity", severity(e.level()));
        severityReason(g, e);
        user(g, e.user());
        app(g, e.release(), e.environment());
        device(g, e.serverName(), e.platform(), e.timestamp());
        request(g, e.request());
        BugsnagMetaData.write(g, e);
        if (session != null) {
            g.writeObjectFieldStart("session");
            g.writeStringField("id", session.id);
            g.writeStringField("startedAt", Json.iso(session.startedAt));
            g.writeObjectFieldStart("events");
            g.writeNumberField("handled", session.handled);
            g.writeNumberField("unhandled", session.unhandled);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void breadcrumbs(JsonGenerator g, List<Breadcrumb> crumbs) throws IOException {
        g.writeArrayFieldStart("breadcrumbs");
        for (Breadcrumb b : crumbs) {
            g.writeStartObject();
            g.writeStringField("timestamp", Json.iso(b.timestamp()));
            String name = b.message().isEmpty() ? (b.category().isEmpty() ? b.type() : b.category()) : b.message();
            boolean cut = name.length() > MAX_CRUMB_NAME;
            g.writeStringField("name", Strings.clean(name, MAX_CRUMB_NAME));
            g.writeStringField("type", crumbType(b.type()));
            g.writeObjectFieldStart("metaData");
            Json.stringIfPresent(g, "category", b.category());
            g.writeStringField("level", b.level().wireName());
            if (cut) {
                g.writeStringField("message", b.message());
            }
            for (Map.Entry<String, String> d : b.data().entrySet()) {
                String k = d.getKey();
                // never a duplicate key: the crumb's own fields come first
                if (!(k.equals("level")
                        || (k.equals("category") && !b.category().isEmpty())
                        || (k.equals("message") && cut))) {
                    g.writeStringField(k, d.getValue());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** BugSnag allows navigation, request, process, log, user, state, error and manual. */
    static String crumbType(String type) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "navigation":
            case "request":
            case "process":
            case "log":
            case "user":
            case "state":
            case "error":
            case "manual":
                return type.toLowerCase(Locale.ROOT);
            case "http":
            case "query":
                return "request";
            case "debug":
            case "info":
                return "log";
            case "ui":
                return "user";
            default:
                return "manual";
        }
    }

    /** "GET /orders" inside a request; else the logger; else none. */
    static String context(Event e) {
        RequestInfo r = e.request();
        if (!r.isEmpty()) {
            String where = !r.route().isEmpty() ? r.route() : path(r.url());
            return (r.method() + " " + where).trim();
        }
        return e.logger();
    }

    private static String path(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    /**
     * From the fingerprint: the joined parts when short, else their SHA-256; none for the default
     * grouping. A message event without one is grouped by its template: BugSnag would otherwise
     * lump every message of a logger together (they share the error class and have no frames).
     */
    static String groupingHash(Event e) {
        List<String> fp = e.fingerprint();
        String joined;
        if (fp.isEmpty()) {
            String template = e.messageTemplate().isEmpty() ? e.message() : e.messageTemplate();
            if (!e.exceptions().isEmpty() || template.isEmpty()) {
                return "";
            }
            joined = "message|" + e.logger() + "|" + template;
        } else if (fp.contains(DEFAULT_GROUPING)) {
            return "";
        } else {
            joined = String.join("|", fp);
        }
        if (joined.length() <= 128) {
            return joined;
        }
        try {
            return Strings.hex(MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            return joined.substring(0, 128);
        }
    }

    static String severity(Level level) {
        switch (level) {
            case FATAL:
            case ERROR:
                return "error";
            case WARNING:
                return "warning";
            default:
                return "info";
        }
    }

    private static void severityReason(JsonGenerator g, Event e) throws IOException {
        String mech = e.mechanism().type().toLowerCase(Locale.ROOT);
        g.writeObjectFieldStart("severityReason");
        if (!e.handled()) {
            if (mech.contains("servlet") || mech.contains("filter") || mech.contains("middleware")) {
                g.writeStringField("type", "unhandledExceptionMiddleware");
                g.writeObjectFieldStart("attributes");
                g.writeStringField("framework", "Servlet");
                g.writeEndObject();
            } else {
                g.writeStringField("type", "unhandledException");
            }
        } else if (mech.contains("log") || mech.equals("jul")) { // logback, log4j, java.util.logging
            g.writeStringField("type", "log");
            g.writeObjectFieldStart("attributes");
            g.writeStringField("level", e.level().name());
            g.writeEndObject();
        } else if (e.exceptions().isEmpty() || e.level() != Level.ERROR) {
            // captureMessage(msg, level) or captureException with a chosen level
            g.writeStringField("type", "userSpecifiedSeverity");
        } else {
            g.writeStringField("type", "handledException");
        }
        g.writeEndObject();
    }

    private static void user(JsonGenerator g, User u) throws IOException {
        if (u.id().isEmpty() && u.username().isEmpty() && u.email().isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("user");
        Json.stringIfPresent(g, "id", u.id());
        Json.stringIfPresent(g, "name", u.username());
        Json.stringIfPresent(g, "email", u.email());
        g.writeEndObject();
    }

    private static void request(JsonGenerator g, RequestInfo r) throws IOException {
        if (r.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("request");
        Json.stringIfPresent(g, "httpMethod", r.method());
        Json.stringIfPresent(g, "url", r.url());
        Json.stringIfPresent(g, "clientIp", r.clientAddress());
        if (!r.headers().isEmpty()) {
            Json.stringMapField(g, "headers", r.headers());
        }
        g.writeEndObject();
    }

    private static String readVersion() {
        try (InputStream in = BugsnagEncoder.class.getResourceAsStream("/dev/telltale/telltale-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through: the version is informative only
        }
        return "unknown";
    }
}
