package dev.telltale.destination.sentry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.internal.SdkInfo;
import dev.telltale.internal.TraceLink;
import dev.telltale.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link Event} as a Sentry event payload, writing only keys the Sentry event schema defines
 * (sentry-data-schemas, protocol v7), in the shapes the schema documents ({@code {"values": [...]}}
 * for exceptions, breadcrumbs and threads; {@code logentry} for the message).
 */
final class SentryEventJson {
    /** Bugsink's logger column is 64 characters. */
    static final int MAX_LOGGER_CHARS = 64;
    /** Sentry drops tag values longer than this. */
    static final int MAX_TAG_VALUE_CHARS = 200;
    /** Sentry drops tag keys longer than this. */
    static final int MAX_TAG_KEY_CHARS = 32;

    static final String SDK_NAME = SdkInfo.NAME;

    private final String sdkVersion;
    private final String dist;

    SentryEventJson(String sdkVersion, String dist) {
        this.sdkVersion = sdkVersion;
        this.dist = dist == null ? "" : dist;
    }

    void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", e.eventId());
        g.writeStringField("timestamp", Json.iso(e.timestamp()));
        g.writeStringField("platform", "java");
        g.writeStringField("level", e.level().wireName());
        Json.stringIfPresent(g, "logger", logger(e.logger()));
        Json.stringIfPresent(g, "server_name", e.serverName());
        Json.stringIfPresent(g, "release", e.release());
        Json.stringIfPresent(g, "dist", dist);
        Json.stringIfPresent(g, "environment", e.environment());
        RequestInfo r = e.request();
        if (!r.route().isEmpty()) {
            g.writeStringField("transaction", r.method().isEmpty() ? r.route() : r.method() + " " + r.route());
        }
        writeLogEntry(g, e);
        SentryExceptions.write(g, e);
        writeThreads(g, e);
        writeBreadcrumbs(g, e);
        writeUser(g, e.user());
        writeTags(g, e.tags());
        if (!e.extra().isEmpty()) {
            Json.stringMapField(g, "extra", e.extra());
        }
        writeContexts(g, e);
        writeRequest(g, r);
        if (!e.fingerprint().isEmpty()) {
            Json.stringArrayField(g, "fingerprint", e.fingerprint());
        }
        writeSdk(g, sdkVersion, true);
        g.writeEndObject();
    }

    static void writeSdk(JsonGenerator g, String version, boolean full) throws IOException {
        g.writeObjectFieldStart("sdk");
        g.writeStringField("name", SDK_NAME);
        g.writeStringField("version", version);
        if (full) {
            SdkInfo sdk = SdkInfo.get();
            if (!sdk.integrations().isEmpty()) {
                Json.stringArrayField(g, "integrations", sdk.integrations());
            }
            g.writeArrayFieldStart("packages");
            for (Map.Entry<String, String> p : sdk.packages().entrySet()) {
                g.writeStartObject();
                g.writeStringField("name", p.getKey());
                g.writeStringField("version", version);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The tail of a long logger name: {@code …ample.orders.OrderService} says more than its head. */
    static String logger(String name) {
        if (name.length() <= MAX_LOGGER_CHARS) {
            return name;
        }
        int start = name.length() - (MAX_LOGGER_CHARS - 1);
        if (Character.isLowSurrogate(name.charAt(start))) {
            start++;
        }
        return "\u2026" + name.substring(start);
    }

    private static void writeLogEntry(JsonGenerator g, Event e) throws IOException {
        String template = e.messageTemplate();
        String formatted = e.message();
        if (template.isEmpty() && formatted.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("logentry");
        if (!template.isEmpty() && !template.equals(formatted)) {
            g.writeStringField("message", template); // Sentry groups messages by the template
        }
        g.writeStringField("formatted", formatted.isEmpty() ? template : formatted);
        g.writeEndObject();
    }

    /**
     * The event's thread: its name, JVM id and, for a message event, the caller's stack (backends
     * show only threads that have one). For an exception event the lead exception's
     * {@code thread_id} points here; its stack is the exception's.
     */
    private static void writeThreads(JsonGenerator g, Event e) throws IOException {
        if (e.threadName().isEmpty() && e.threadId() < 0) {
            return;
        }
        g.writeObjectFieldStart("threads");
        g.writeArrayFieldStart("values");
        g.writeStartObject();
        if (e.threadId() >= 0) {
            g.writeNumberField("id", e.threadId());
        }
        Json.stringIfPresent(g, "name", e.threadName());
        g.writeBooleanField("current", true);
        if (!e.handled() && !e.exceptions().isEmpty()) {
            g.writeBooleanField("crashed", true);
        }
        if (!e.threadFrames().isEmpty()) {
            SentryExceptions.writeStacktrace(g, e.threadFrames());
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The event's breadcrumbs, merged (by time, oldest first) with the journey's earlier actions
     * that are not breadcrumbs of this event, so the whole journey shows in Sentry's trail.
     */
    private static void writeBreadcrumbs(JsonGenerator g, Event e) throws IOException {
        List<Breadcrumb> crumbs = e.breadcrumbs();
        Set<String> own = new HashSet<>();
        for (Breadcrumb b : crumbs) {
            own.add("bc-" + b.sequence());
        }
        List<JourneyAction> prior = new ArrayList<>();
        for (JourneyAction a : e.journey().recentActions()) {
            if (!own.contains(a.id())) {
                prior.add(a);
            }
        }
        if (crumbs.isEmpty() && prior.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("breadcrumbs");
        g.writeArrayFieldStart("values");
        int i = 0;
        int j = 0;
        while (i < prior.size() || j < crumbs.size()) {
            if (j >= crumbs.size()
                    || (i < prior.size()
                            && prior.get(i).timestamp() <= crumbs.get(j).timestamp())) {
                JourneyAction a = prior.get(i++);
                g.writeStartObject();
                g.writeStringField("timestamp", Json.iso(a.timestamp()));
                g.writeStringField("type", "user");
                Json.stringIfPresent(g, "category", a.source());
                g.writeStringField("level", "info");
                Json.stringIfPresent(g, "message", a.summary());
                g.writeObjectFieldStart("data");
                g.writeStringField("journey_action", a.id());
                g.writeEndObject();
                g.writeEndObject();
            } else {
                Breadcrumb b = crumbs.get(j++);
                g.writeStartObject();
                g.writeStringField("timestamp", Json.iso(b.timestamp()));
                g.writeStringField("type", b.type());
                Json.stringIfPresent(g, "category", b.category());
                g.writeStringField("level", b.level().wireName());
                Json.stringIfPresent(g, "message", b.message());
                if (!b.data().isEmpty()) {
                    Json.stringMapField(g, "data", b.data());
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeUser(JsonGenerator g, User u) throws IOException {
        if (u.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("user");
        Json.stringIfPresent(g, "id", u.id());
        Json.stringIfPresent(g, "username", u.username());
        Json.stringIfPresent(g, "email", u.email());
        Json.stringIfPresent(g, "ip_address", u.ipAddress());
        if (!u.data().isEmpty()) {
            Json.stringMapField(g, "data", u.data());
        }
        g.writeEndObject();
    }

    /** Sentry discards tags with long keys or values, or values with a newline: shape them to fit instead. */
    private static void writeTags(JsonGenerator g, Map<String, String> tags) throws IOException {
        if (tags.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("tags");
        Set<String> written = new HashSet<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String key = tagKey(t.getKey());
            if (key.isEmpty() || !written.add(key)) {
                continue;
            }
            g.writeStringField(key, tagValue(t.getValue()));
        }
        g.writeEndObject();
    }

    static String tagKey(String k) {
        StringBuilder b = new StringBuilder(Math.min(k.length(), MAX_TAG_KEY_CHARS));
        for (int i = 0; i < k.length() && b.length() < MAX_TAG_KEY_CHARS; i++) {
            char c = k.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '-';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    static String tagValue(String v) {
        String s = v.replace('\r', ' ').replace('\n', ' ');
        if (s.length() <= MAX_TAG_VALUE_CHARS) {
            return s;
        }
        int end = MAX_TAG_VALUE_CHARS - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "\u2026";
    }

    private static void writeContexts(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("contexts");
        Map<String, Map<String, String>> own = e.contexts();
        Platform p = e.platform();
        if (!own.containsKey("runtime")) {
            g.writeObjectFieldStart("runtime");
            Json.stringIfPresent(g, "name", p.runtimeName());
            Json.stringIfPresent(g, "version", p.runtimeVersion());
            if (!p.runtimeVendor().isEmpty()) {
                g.writeStringField(
                        "raw_description", p.runtimeName() + " " + p.runtimeVersion() + " (" + p.runtimeVendor() + ")");
            }
            g.writeEndObject();
        }
        if (!own.containsKey("os")) {
            g.writeObjectFieldStart("os");
            Json.stringIfPresent(g, "name", p.osName());
            Json.stringIfPresent(g, "version", p.osVersion());
            if (!p.osArch().isEmpty()) {
                g.writeStringField("raw_description", p.osName() + " " + p.osVersion() + " " + p.osArch());
            }
            g.writeEndObject();
        }
        Journey j = e.journey();
        if (!j.isEmpty() && !own.containsKey("journey")) {
            // Flat facts only: the actions themselves are the breadcrumbs (a list here renders raw).
            g.writeObjectFieldStart("journey");
            if (j.sessionStartedAt() > 0) {
                g.writeStringField("session_started_at", Json.iso(j.sessionStartedAt()));
                long seconds = Math.max(0L, (e.timestamp() - j.sessionStartedAt()) / 1000L);
                g.writeStringField("session_age", duration(seconds));
            }
            g.writeNumberField("actions", j.recentActions().size());
            if (!j.recentActions().isEmpty()) {
                g.writeStringField("first_action", j.recentActions().get(0).summary());
                g.writeStringField("actions_shown_in", "breadcrumbs");
            }
            g.writeEndObject();
        }
        if (!e.exceptions().isEmpty() && !e.threadName().isEmpty() && !own.containsKey("thread")) {
            // Backends render the threads list only beside other threads: name the failing one here too.
            g.writeObjectFieldStart("thread");
            g.writeStringField("name", e.threadName());
            if (e.threadId() >= 0) {
                g.writeNumberField("id", e.threadId());
            }
            g.writeBooleanField("crashed", !e.handled());
            g.writeEndObject();
        }
        for (Map.Entry<String, Map<String, String>> c : own.entrySet()) {
            if (c.getKey().equals(TraceLink.CONTEXT)
                    && c.getValue().containsKey("trace_id")
                    && c.getValue().containsKey("span_id")) {
                writeTrace(g, c.getValue());
            } else {
                Json.stringMapField(g, c.getKey(), c.getValue());
            }
        }
        g.writeEndObject();
    }

    /** Sentry's trace context: the ids link the error to its trace; {@code sampled} is a boolean there. */
    private static void writeTrace(JsonGenerator g, Map<String, String> t) throws IOException {
        g.writeObjectFieldStart(TraceLink.CONTEXT);
        g.writeStringField("trace_id", t.get("trace_id"));
        g.writeStringField("span_id", t.get("span_id"));
        if (t.containsKey("sampled")) {
            g.writeBooleanField("sampled", Boolean.parseBoolean(t.get("sampled")));
        }
        g.writeEndObject();
    }

    /** {@code 4m 12s}, {@code 2h 5m}, {@code 3d 1h}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86400 + "d " + seconds % 86400 / 3600 + "h";
    }

    private static void writeRequest(JsonGenerator g, RequestInfo r) throws IOException {
        if (r.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("request");
        Json.stringIfPresent(g, "method", r.method());
        Json.stringIfPresent(g, "url", r.url());
        Json.stringIfPresent(g, "query_string", r.queryString());
        if (!r.headers().isEmpty()) {
            Json.stringMapField(g, "headers", r.headers());
        }
        if (!r.clientAddress().isEmpty() || !r.userPrincipal().isEmpty()) {
            // The CGI names Sentry reads: REMOTE_ADDR also fills in the user's address.
            g.writeObjectFieldStart("env");
            Json.stringIfPresent(g, "REMOTE_ADDR", r.clientAddress());
            Json.stringIfPresent(g, "REMOTE_USER", r.userPrincipal());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
