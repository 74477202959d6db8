package dev.telltale.destination.bugsnag;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.Event;
import dev.telltale.User;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.RequestInfo;
import dev.telltale.event.StackFrame;
import dev.telltale.internal.SdkInfo;
import dev.telltale.internal.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The {@code metaData} tabs of a BugSnag event: request, tags, extra, journey, suppressed, contexts, telltale. */
final class BugsnagMetaData {
    private BugsnagMetaData() {}

    static void write(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("metaData");
        RequestInfo r = e.request();
        if (!r.isEmpty()) {
            g.writeObjectFieldStart("request");
            Json.stringIfPresent(g, "url", r.url());
            Json.stringIfPresent(g, "httpMethod", r.method());
            Json.stringIfPresent(g, "queryString", r.queryString());
            Json.stringIfPresent(g, "route", r.route());
            Json.stringIfPresent(g, "clientIp", r.clientAddress());
            Json.stringIfPresent(g, "userPrincipal", r.userPrincipal());
            if (!r.headers().isEmpty()) {
                Json.stringMapField(g, "headers", r.headers());
            }
            g.writeEndObject();
        }
        if (!e.tags().isEmpty()) {
            Json.stringMapField(g, "tags", e.tags());
        }
        if (!e.extra().isEmpty()) {
            Json.stringMapField(g, "extra", e.extra());
        }
        if (!e.journey().isEmpty()) {
            g.writeObjectFieldStart("journey");
            if (e.journey().sessionStartedAt() > 0) {
                g.writeStringField("sessionStartedAt", Json.iso(e.journey().sessionStartedAt()));
            }
            Json.journeyActionsField(g, "recentActions", e.journey().recentActions());
            g.writeEndObject();
        }
        User u = e.user();
        if (!u.ipAddress().isEmpty() || !u.data().isEmpty()) {
            g.writeObjectFieldStart("user");
            Json.stringIfPresent(g, "ipAddress", u.ipAddress());
            for (Map.Entry<String, String> d : u.data().entrySet()) {
                if (!(d.getKey().equals("ipAddress") && !u.ipAddress().isEmpty())) {
                    g.writeStringField(d.getKey(), d.getValue());
                }
            }
            g.writeEndObject();
        }
        if (!e.platform().osArch().isEmpty()) {
            g.writeObjectFieldStart("device");
            g.writeStringField("osArch", e.platform().osArch());
            g.writeEndObject();
        }
        suppressed(g, e.exceptions());
        java.util.Set<String> tabs = new java.util.HashSet<>(RESERVED_TABS);
        for (Map.Entry<String, Map<String, String>> c : e.contexts().entrySet()) {
            String tab = c.getKey();
            while (!tabs.add(tab)) {
                tab = "context." + tab; // a context named like one of our tabs keeps its data under another name
            }
            Json.stringMapField(g, tab, c.getValue());
        }
        g.writeObjectFieldStart("telltale");
        g.writeStringField("eventId", e.eventId());
        g.writeStringField("level", e.level().wireName());
        g.writeStringField("mechanism", e.mechanism().type());
        Json.stringIfPresent(g, "logger", e.logger());
        Json.stringIfPresent(g, "thread", e.threadName());
        if (!e.messageTemplate().equals(e.message())) {
            Json.stringIfPresent(g, "messageTemplate", e.messageTemplate());
        }
        List<ExceptionInfo> wrappers = e.wrappers();
        for (int i = 0; i < wrappers.size(); i++) {
            g.writeStringField(i == 0 ? "wrappedBy" : "wrappedBy" + (i + 1), wrapperLine(wrappers.get(i)));
        }
        for (ExceptionInfo x : e.exceptions()) {
            if (x.causesOmitted() > 0) {
                g.writeStringField(
                        "causesOmitted", x.causesOmitted() + " exceptions of the cause chain cut before " + x.type());
            }
        }
        SdkInfo sdk = SdkInfo.get();
        if (!sdk.integrations().isEmpty()) {
            g.writeStringField("integrations", String.join(", ", sdk.integrations()));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** {@code java.util.concurrent.ExecutionException: msg at com.shop.Checkout.pay(Checkout.java:42)}. */
    static String wrapperLine(ExceptionInfo w) {
        return w.frames().isEmpty() ? w.toString() : w + " at " + w.frames().get(0);
    }

    private static final List<String> RESERVED_TABS =
            java.util.Arrays.asList("request", "tags", "extra", "journey", "user", "device", "suppressed", "telltale");

    /** Suppressed exceptions, one entry each: "Type: message" and their top frames. */
    private static void suppressed(JsonGenerator g, List<ExceptionInfo> all) throws IOException {
        boolean open = false;
        for (ExceptionInfo x : all) {
            if (x.relation() != ExceptionInfo.Relation.SUPPRESSED) {
                continue;
            }
            if (!open) {
                g.writeObjectFieldStart("suppressed");
                open = true;
            }
            StringBuilder b = new StringBuilder();
            b.append(x.type());
            if (!x.message().isEmpty()) {
                b.append(": ").append(x.message());
            }
            List<StackFrame> frames = x.frames();
            for (int i = 0; i < frames.size() && i < 10; i++) {
                b.append("\n\tat ").append(frames.get(i));
            }
            if (frames.size() > 10) {
                b.append("\n\t... ").append(frames.size() - 10).append(" more");
            }
            g.writeStringField("exception " + x.id() + " (suppressed by " + x.parentId() + ")", b.toString());
        }
        if (open) {
            g.writeEndObject();
        }
    }
}
