package dev.telltale.destination.sentry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.Journey;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Platform;
import dev.telltale.event.RequestInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
    static final String SDK_NAME = "telltale.java";

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
        writeExceptions(g, e);
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

    static void writeSdk(JsonGenerator g, String version, boolean packages) throws IOException {
        g.writeObjectFieldStart("sdk");
        g.writeStringField("name", SDK_NAME);
        g.writeStringField("version", version);
        if (packages) {
            g.writeArrayFieldStart("packages");
            g.writeStartObject();
            g.writeStringField("name", "maven:dev.telltale:telltale-core");
            g.writeStringField("version", version);
            g.writeEndObject();
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
     * Sentry orders chained exceptions oldest first: the root cause first, the thrown exception
     * last. The model's chain is a tree (thrown first, then depth-first); reversing a pre-order walk
     * that visits suppressed exceptions before the cause puts every exception after its causes and
     * the deepest cause first. Ids are renumbered as the schema asks: 0 for the last value, counting up
     * towards the first.
     */
    static List<ExceptionInfo> sentryOrder(List<ExceptionInfo> chain) {
        Map<Integer, List<ExceptionInfo>> children = new HashMap<>();
        Set<Integer> present = new HashSet<>();
        for (ExceptionInfo x : chain) {
            present.add(x.id());
        }
        List<ExceptionInfo> roots = new ArrayList<>();
        for (ExceptionInfo x : chain) {
            if (x.parentId() < 0 || !present.contains(x.parentId()) || x.parentId() == x.id()) {
                roots.add(x);
            } else {
                List<ExceptionInfo> c = children.get(x.parentId());
                if (c == null) {
                    c = new ArrayList<>();
                    children.put(x.parentId(), c);
                }
                c.add(x);
            }
        }
        List<ExceptionInfo> preorder = new ArrayList<>(chain.size());
        Set<ExceptionInfo> seen = new HashSet<>();
        // Explicit stack: a chain is at most a few dozen long, but never trust depth.
        List<ExceptionInfo> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.add(roots.get(i));
        }
        while (!stack.isEmpty()) {
            ExceptionInfo x = stack.remove(stack.size() - 1);
            if (!seen.add(x)) {
                continue;
            }
            preorder.add(x);
            List<ExceptionInfo> kids = children.get(x.id());
            if (kids == null) {
                continue;
            }
            List<ExceptionInfo> causes = new ArrayList<>();
            List<ExceptionInfo> suppressed = new ArrayList<>();
            for (ExceptionInfo k : kids) {
                (k.relation() == ExceptionInfo.Relation.SUPPRESSED ? suppressed : causes).add(k);
            }
            // Pushed in reverse of visiting order: suppressed (in order) first, then the cause.
            for (int i = causes.size() - 1; i >= 0; i--) {
                stack.add(causes.get(i));
            }
            for (int i = suppressed.size() - 1; i >= 0; i--) {
                stack.add(suppressed.get(i));
            }
        }
        for (ExceptionInfo x : chain) {
            if (!seen.contains(x)) {
                preorder.add(x); // unreachable through a broken parent link: still reported
            }
        }
        List<ExceptionInfo> out = new ArrayList<>(preorder.size());
        for (int i = preorder.size() - 1; i >= 0; i--) {
            out.add(preorder.get(i));
        }
        return out;
    }

    private static void writeExceptions(JsonGenerator g, Event e) throws IOException {
        if (e.exceptions().isEmpty()) {
            return;
        }
        List<ExceptionInfo> ordered = sentryOrder(e.exceptions());
        int n = ordered.size();
        Map<Integer, Integer> newId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            newId.put(ordered.get(i).id(), n - 1 - i);
        }
        ExceptionInfo thrown = e.exceptions().get(0);
        g.writeObjectFieldStart("exception");
        g.writeArrayFieldStart("values");
        for (int i = 0; i < n; i++) {
            ExceptionInfo x = ordered.get(i);
            g.writeStartObject();
            g.writeStringField("type", x.simpleType().isEmpty() ? "Throwable" : x.simpleType());
            Json.stringIfPresent(g, "value", x.message());
            Json.stringIfPresent(g, "module", x.packageName());
            writeFrames(g, x);
            g.writeObjectFieldStart("mechanism");
            Integer parent = newId.get(x.parentId());
            if (x == thrown || parent == null || x.parentId() == x.id()) {
                g.writeStringField("type", e.mechanism().type());
                if (x == thrown) {
                    g.writeBooleanField("handled", e.handled());
                }
            } else if (x.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                g.writeStringField("type", "suppressed");
                g.writeStringField("source", "suppressed[" + suppressedIndex(e.exceptions(), x) + "]");
            } else {
                g.writeStringField("type", "chained");
                g.writeStringField("source", "cause");
            }
            g.writeNumberField("exception_id", n - 1 - i);
            if (parent != null && x != thrown && x.parentId() != x.id()) {
                g.writeNumberField("parent_id", parent);
            }
            if (x.framesOmitted() > 0) {
                g.writeObjectFieldStart("data");
                g.writeNumberField("frames_omitted", x.framesOmitted());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Position of {@code x} among its parent's suppressed exceptions (as far as the chain kept them). */
    private static int suppressedIndex(List<ExceptionInfo> chain, ExceptionInfo x) {
        int index = 0;
        for (ExceptionInfo y : chain) {
            if (y == x) {
                return index;
            }
            if (y.parentId() == x.parentId() && y.relation() == ExceptionInfo.Relation.SUPPRESSED) {
                index++;
            }
        }
        return index;
    }

    /** Sentry wants the oldest call first; the model has the innermost first. */
    private static void writeFrames(JsonGenerator g, ExceptionInfo x) throws IOException {
        List<StackFrame> frames = x.frames();
        if (frames.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("stacktrace");
        g.writeArrayFieldStart("frames");
        for (int i = frames.size() - 1; i >= 0; i--) {
            StackFrame f = frames.get(i);
            g.writeStartObject();
            Json.stringIfPresent(g, "filename", f.fileName());
            g.writeStringField("function", f.methodName().isEmpty() ? "<unknown>" : f.methodName());
            Json.stringIfPresent(g, "module", f.className());
            if (f.lineNumber() >= 0) {
                g.writeNumberField("lineno", f.lineNumber());
            }
            g.writeBooleanField("in_app", f.inApp());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeThreads(JsonGenerator g, Event e) throws IOException {
        if (e.threadName().isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("threads");
        g.writeArrayFieldStart("values");
        g.writeStartObject();
        g.writeStringField("name", e.threadName());
        g.writeBooleanField("current", true);
        if (!e.handled() && !e.exceptions().isEmpty()) {
            g.writeBooleanField("crashed", true);
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
            if (j >= crumbs.size() || (i < prior.size() && prior.get(i).timestamp() <= crumbs.get(j).timestamp())) {
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
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
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
                g.writeStringField("raw_description",
                        p.runtimeName() + " " + p.runtimeVersion() + " (" + p.runtimeVendor() + ")");
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
            g.writeObjectFieldStart("journey");
            if (j.sessionStartedAt() > 0) {
                g.writeStringField("session_started_at", Json.iso(j.sessionStartedAt()));
            }
            g.writeArrayFieldStart("recent_actions");
            for (JourneyAction a : j.recentActions()) {
                g.writeStartObject();
                g.writeStringField("id", a.id());
                g.writeStringField("source", a.source());
                g.writeStringField("summary", a.summary());
                g.writeStringField("timestamp", Json.iso(a.timestamp()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        for (Map.Entry<String, Map<String, String>> c : own.entrySet()) {
            Json.stringMapField(g, c.getKey(), c.getValue());
        }
        g.writeEndObject();
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
