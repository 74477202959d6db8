package dev.telltale.destination.bugnet;

import dev.telltale.Breadcrumb;
import dev.telltale.Event;
import dev.telltale.Level;
import dev.telltale.destination.support.StackText;
import dev.telltale.destination.support.Urgency;
import dev.telltale.event.JourneyAction;
import dev.telltale.event.Platform;
import dev.telltale.internal.SdkInfo;
import dev.telltale.internal.TraceLink;
import dev.telltale.internal.json.Json;
import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/** Bugnet's public bug submission and game-session bodies. No API key: it is added at send time. */
final class BugnetEncoder {
    static final int MAX_TITLE = 300;
    static final int MAX_DESCRIPTION = 16_000;
    static final int MAX_STACK = 12_000;
    static final int MAX_STEPS = 4_000;
    static final int MAX_OS_INFO = 100;
    static final int MAX_DEVICE_INFO = 200;
    static final int MAX_LOG_LINES = 20;
    static final int MAX_STEPS_LINES = 30;

    private final String platform;

    BugnetEncoder(String platform) {
        this.platform = platform;
    }

    String platform() {
        return platform;
    }

    byte[] bug(Event e) throws IOException {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("title", title(e));
            g.writeStringField("description", description(e));
            g.writeStringField("category", "crash");
            g.writeStringField("priority", priority(e));
            Json.stringIfPresent(g, "steps_to_reproduce", steps(e));
            g.writeStringField("platform", platform);
            Json.stringIfPresent(g, "game_version", e.release());
            g.writeStringField("os_info", osInfo(e.platform()));
            g.writeStringField("device_info", deviceInfo(e.platform(), e.serverName()));
            g.writeEndObject();
        });
    }

    byte[] sessionStart(String token, String gameVersion, String host) throws IOException {
        Platform p = Platform.current();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("session_token", token);
            g.writeStringField("platform", platform);
            Json.stringIfPresent(g, "game_version", gameVersion);
            g.writeStringField("device_info", deviceInfo(p, host));
            g.writeStringField("os_info", osInfo(p));
            g.writeEndObject();
        });
    }

    static byte[] sessionEnd(String token, boolean crashed) throws IOException {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("session_token", token);
            g.writeBooleanField("crashed", crashed);
            g.writeEndObject();
        });
    }

    /** "[Error] IllegalStateException: boom", at most 300 characters. */
    static String title(Event e) {
        String t = e.title();
        return Strings.clean("[" + levelWord(e.level()) + "] " + (t.isEmpty() ? "(no message)" : t), MAX_TITLE);
    }

    private static String levelWord(Level l) {
        String w = l.wireName();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** The message, the stack trace with its causes, then the recent log lines; bounded. */
    static String description(Event e) {
        StringBuilder b = new StringBuilder(2048);
        String message = e.message().isEmpty() ? e.title() : e.message();
        b.append(message);
        String stack = e.exceptions().isEmpty()
                ? StackText.ofThread(e.threadName(), e.threadFrames(), MAX_STACK)
                : StackText.of(e.exceptions(), MAX_STACK);
        if (!stack.isEmpty()) {
            b.append("\n\nStack trace:\n").append(stack);
        } else if (!e.threadName().isEmpty()) {
            b.append("\n\nThread: ").append(e.threadName());
        }
        java.util.Map<String, String> trace = e.contexts().get(TraceLink.CONTEXT);
        if (trace != null && trace.containsKey("trace_id")) {
            b.append("\n\nTrace: ")
                    .append(trace.get("trace_id"))
                    .append(" (span ")
                    .append(trace.get("span_id"))
                    .append(')');
        }
        b.append("\n\nReported by ").append(SdkInfo.get());
        List<Breadcrumb> logs = new ArrayList<>();
        for (Breadcrumb c : e.breadcrumbs()) {
            if (c.type().equals("log")) {
                logs.add(c);
            }
        }
        if (!logs.isEmpty()) {
            b.append("\n\nRecent log lines:");
            SimpleDateFormat f = new SimpleDateFormat("HH:mm:ss.SSS", Locale.ROOT);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            for (Breadcrumb c : logs.subList(Math.max(0, logs.size() - MAX_LOG_LINES), logs.size())) {
                b.append('\n')
                        .append(f.format(new Date(c.timestamp())))
                        .append(' ')
                        .append(c.level().name())
                        .append(' ');
                if (!c.category().isEmpty()) {
                    b.append(c.category()).append(": ");
                }
                b.append(c.message());
            }
        }
        return Strings.clean(b.toString(), MAX_DESCRIPTION);
    }

    /** Bugnet's priority: critical, high, medium or low, on the scale the bug-report severity shares. */
    static String priority(Event e) {
        return Urgency.of(e);
    }

    /** The journey as numbered steps, oldest first, the newest kept when there are many. */
    static String steps(Event e) {
        List<JourneyAction> actions = e.journey().recentActions();
        if (actions.isEmpty()) {
            return "";
        }
        List<JourneyAction> kept = actions.subList(Math.max(0, actions.size() - MAX_STEPS_LINES), actions.size());
        StringBuilder b = new StringBuilder();
        int n = 1;
        for (JourneyAction a : kept) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(n++).append(". ");
            if (!a.source().isEmpty()) {
                b.append('[').append(a.source()).append("] ");
            }
            b.append(a.summary());
        }
        return Strings.clean(b.toString(), MAX_STEPS);
    }

    static String osInfo(Platform p) {
        String s = (p.osName() + " " + p.osVersion()).trim() + (p.osArch().isEmpty() ? "" : " (" + p.osArch() + ")");
        return Strings.clean(s, MAX_OS_INFO);
    }

    static String deviceInfo(Platform p, String host) {
        String s = (p.runtimeName() + " " + p.runtimeVersion()).trim()
                + (p.runtimeVendor().isEmpty() ? "" : " (" + p.runtimeVendor() + ")")
                + (host == null || host.isEmpty() ? "" : "; host " + host);
        return Strings.clean(s, MAX_DEVICE_INFO);
    }

    /** Bugnet's platform names are lower-case: windows, macos, linux, ... */
    static String platformOf(String osName) {
        String o = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (o.startsWith("windows")) {
            return "windows";
        }
        if (o.startsWith("mac") || o.contains("darwin")) {
            return "macos";
        }
        if (o.contains("linux")) {
            return "linux";
        }
        return o.isEmpty() ? "jvm" : o.replace(' ', '-');
    }
}
