package dev.telltale.agent;

import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.config.ConfigKey;
import dev.telltale.config.Settings;
import dev.telltale.internal.check.OutboxEntry;
import dev.telltale.internal.check.OutboxView;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * {@code outbox list | show NAME | resend}. The outbox a command reads is the application's, not
 * the command's own: {@code --dir}, else {@code --app}, else a configured {@code outbox-dir}, else
 * every application's default outbox under {@code <tmp>/telltale-outbox}.
 */
final class AgentCliOutbox {
    private AgentCliOutbox() {}

    static int run(List<String> args, PrintStream out) {
        String sub = args.isEmpty() ? "list" : args.remove(0);
        String dir = AgentCli.option(args, "--dir");
        String app = AgentCli.option(args, "--app");
        switch (sub) {
            case "list": {
                AgentCli.noMore(args);
                return list(targets(dir, app), out);
            }
            case "show": {
                if (args.isEmpty()) {
                    throw new AgentCli.UsageException("outbox show needs a NAME (as printed by 'outbox list')");
                }
                String name = args.remove(0);
                AgentCli.noMore(args);
                return show(targets(dir, app), name, out);
            }
            case "resend": {
                AgentCli.noMore(args);
                return resend(targets(dir, app), out);
            }
            default:
                throw new AgentCli.UsageException("unknown outbox command '" + sub + "' (list, show NAME, resend)");
        }
    }

    /** Settings of this command's configuration (nothing started). */
    private static Settings settings() {
        TelltaleClient probe = TelltaleClient.start(
                TelltaleOptions.builder().set(ConfigKey.ENABLED, "false").build());
        Settings s = probe.settings();
        probe.close();
        return s;
    }

    /** The configured destinations' names, by lane id (nothing is sent: the client is never started). */
    private static Map<String, String> laneNames() {
        List<String> names = new ArrayList<>();
        Settings s = settings();
        dev.telltale.internal.Diagnostics quiet =
                new dev.telltale.internal.Diagnostics(false, new PrintStream(new java.io.ByteArrayOutputStream()));
        for (dev.telltale.destination.Destination d :
                new dev.telltale.internal.DestinationRegistry().createAll(s, quiet)) {
            names.add(d.name());
        }
        return OutboxView.laneNames(names);
    }

    /** The outbox directories this command looks at; the first element is null when none were chosen explicitly. */
    private static Targets targets(String dir, String app) {
        if (dir != null) {
            return new Targets(true, Paths.get(dir));
        }
        Path root = OutboxView.defaultRoot();
        if (app != null) {
            String slug = app.replaceAll("[^A-Za-z0-9._-]", "_");
            List<Path> found = new ArrayList<>();
            for (Path p : OutboxView.applicationOutboxes(root)) {
                if (p.getFileName().toString().startsWith(slug)) {
                    found.add(p);
                }
            }
            if (found.isEmpty()) {
                throw new AgentCli.UsageException("no outbox of an application named '" + app + "*' under " + root
                        + " (outbox list shows them all)");
            }
            return new Targets(found.size() == 1, found.toArray(new Path[0]));
        }
        Path configured = settings().outboxDir();
        if (configured != null && !isThisCommandsDefault(configured, root)) {
            return new Targets(true, configured);
        }
        return new Targets(false, OutboxView.applicationOutboxes(root).toArray(new Path[0]));
    }

    /** The default outbox derived for this command itself (named after the agent jar): never the application's. */
    private static boolean isThisCommandsDefault(Path dir, Path root) {
        String cmd = System.getProperty("sun.java.command", "").trim();
        String main = cmd.isEmpty() ? "" : cmd.split("\\s+")[0];
        String slug = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1)
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.getParent() != null
                && dir.getParent().equals(root)
                && dir.getFileName().toString().startsWith(slug + "-");
    }

    private static int list(Targets t, PrintStream out) {
        Map<String, String> lanes = laneNames();
        if (!t.single) {
            Path root = OutboxView.defaultRoot();
            out.println(t.dirs.length + " application outbox(es) under " + root
                    + " (one per application: its main class or jar, and working directory):");
            for (Path d : t.dirs) {
                out.println(String.format(Locale.ROOT, "%6d file(s)  %s", OutboxView.count(d), d));
            }
            if (t.dirs.length == 0) {
                out.println("  (none: no application has left anything; an application with telltale.outbox-dir set"
                        + " keeps its outbox there: pass --dir DIR)");
            }
        }
        for (Path d : t.dirs) {
            List<OutboxEntry> entries = OutboxView.entries(d);
            if (!t.single && entries.isEmpty()) {
                continue;
            }
            out.println();
            out.println(entries.size() + " file(s) waiting in " + d);
            String lane = null;
            for (OutboxEntry e : entries) {
                if (!e.lane().equals(lane)) {
                    lane = e.lane();
                    out.println("  " + destination(e, lanes) + ":");
                }
                out.println(String.format(
                        Locale.ROOT,
                        "    %8d  %s  %-8s %s  %s",
                        e.size(),
                        time(e.createdAt()),
                        e.problem().isEmpty() ? e.category() : "CORRUPT",
                        e.name(),
                        e.problem().isEmpty() ? "" : "(" + e.problem() + ")"));
            }
        }
        out.println();
        out.println("show one: outbox show NAME" + (t.single ? " --dir " + t.dirs[0] : " [--dir DIR]")
                + "; send them: outbox resend --dir DIR with the application's destinations configured");
        return 0;
    }

    /** "sentry(host/1)" for a lane of a configured destination, else what the payloads say (no secrets either way). */
    private static String destination(OutboxEntry e, Map<String, String> lanes) {
        String name = lanes.get(e.lane());
        return name != null
                ? name + " (lane " + e.lane() + ")"
                : "lane " + e.lane() + ": " + e.kind() + " payloads, not a destination configured for this command";
    }

    private static int show(Targets t, String name, PrintStream out) {
        List<OutboxEntry> all = new ArrayList<>();
        for (Path d : t.dirs) {
            all.addAll(OutboxView.entries(d));
        }
        List<OutboxEntry> found = OutboxView.find(all, name);
        if (found.isEmpty()) {
            out.println("no outbox file matches '" + name + "' in " + describe(t) + " (outbox list shows the names)");
            return 1;
        }
        if (found.size() > 1) {
            out.println(found.size() + " files match '" + name + "'; give more of the name:");
            for (OutboxEntry e : found) {
                out.println("  " + e.file());
            }
            return 1;
        }
        OutboxEntry e = found.get(0);
        out.println("file:         " + e.file());
        out.println("destination:  " + destination(e, laneNames()));
        if (!e.problem().isEmpty()) {
            out.println("CORRUPT:      " + e.problem() + " (the application moves it to corrupt/ and counts it)");
            return 1;
        }
        out.println("created:      " + time(e.createdAt()));
        out.println("category:     " + e.category());
        out.println("event id:     " + (e.eventId().isEmpty() ? "(none: a session update)" : e.eventId()));
        out.println("content type: " + e.contentType() + " (no credentials: they are added when it is sent)");
        out.println();
        out.print(e.readableBody());
        return 0;
    }

    private static int resend(Targets t, PrintStream out) {
        if (!t.single) {
            int nonEmpty = 0;
            Path only = null;
            for (Path d : t.dirs) {
                if (OutboxView.count(d) > 0) {
                    nonEmpty++;
                    only = d;
                }
            }
            if (nonEmpty != 1) {
                out.println(
                        nonEmpty == 0
                                ? "nothing waits in any outbox under " + OutboxView.defaultRoot()
                                : nonEmpty
                                        + " application outboxes have files; choose one with --dir DIR or --app NAME (outbox list shows them)");
                return nonEmpty == 0 ? 0 : 2;
            }
            t = new Targets(true, only);
        }
        Path dir = t.dirs[0];
        Map<String, String> lanes = laneNames();
        Map<String, Integer> before = perLane(OutboxView.entries(dir));
        if (before.isEmpty()) {
            out.println("nothing waits in " + dir);
            return 0;
        }
        List<String> uris = new ArrayList<>();
        for (String uri : settings().destinations()) {
            uris.add(withoutSessions(uri));
        }
        TelltaleClient client = TelltaleClient.start(TelltaleOptions.builder()
                .destinations(uris)
                .set(ConfigKey.OUTBOX_DIR, dir.toString())
                .set(ConfigKey.UNCAUGHT_HANDLER, "false")
                .set(ConfigKey.SHUTDOWN_HOOK, "false")
                .build());
        long bound =
                client.settings().connectTimeoutMillis() + client.settings().readTimeoutMillis();
        client.flush(bound);
        TelltaleStats stats = client.stats();
        client.close();
        Map<String, Integer> after = perLane(OutboxView.entries(dir));
        out.println("outbox " + dir + ":");
        boolean allSent = true;
        for (Map.Entry<String, Integer> lane : before.entrySet()) {
            String name = lanes.get(lane.getKey());
            int left = after.getOrDefault(lane.getKey(), 0);
            if (name == null) {
                allSent = false;
                out.println("  lane " + lane.getKey() + ": " + lane.getValue()
                        + " file(s) of a destination not configured for this"
                        + " command, left as they are. Configure the application's destinations (the same URIs, e.g."
                        + " -Dtelltale.destinations=...) and run resend again");
                continue;
            }
            TelltaleStats.DestinationStats d = stats.destination(name);
            allSent &= left == 0;
            out.println("  " + name + ": " + lane.getValue() + " file(s) before, " + left + " left"
                    + (d == null
                            ? ""
                            : " (sent " + d.sent() + ", retried " + d.retried() + ", dropped " + d.droppedTotal() + ")")
                    + (left == 0
                            ? ""
                            : "; the destination did not take them within " + bound
                                    + " ms, they stay for the next try"));
        }
        return allSent ? 0 : 1;
    }

    /**
     * The URI with session tracking off: resending is not a run of the application, and must not
     * count as a session (Bugnet's are on by default). Destination names, so lanes, do not change.
     */
    static String withoutSessions(String uri) {
        String u = uri.trim();
        int q = u.indexOf('?');
        String base = q < 0 ? u : u.substring(0, q);
        List<String> params = new ArrayList<>();
        if (q >= 0) {
            for (String p : u.substring(q + 1).split("&")) {
                if (!p.isEmpty() && !p.toLowerCase(Locale.ROOT).startsWith("sessions=")) {
                    params.add(p);
                }
            }
        }
        String scheme = base.toLowerCase(Locale.ROOT);
        if (scheme.startsWith("bugnet") || scheme.startsWith("bugsnag")) {
            params.add("sessions=false");
        }
        return params.isEmpty() ? base : base + "?" + String.join("&", params);
    }

    private static Map<String, Integer> perLane(List<OutboxEntry> entries) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (OutboxEntry e : entries) {
            m.merge(e.lane(), 1, Integer::sum);
        }
        return m;
    }

    private static String describe(Targets t) {
        return t.dirs.length == 1
                ? t.dirs[0].toString()
                : t.dirs.length + " outboxes under " + OutboxView.defaultRoot();
    }

    private static String time(long epochMillis) {
        if (epochMillis <= 0) {
            return "????-??-?? ??:??:??";
        }
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date(epochMillis));
    }

    /** The directories a command looks at; {@code single} when one was chosen (or configured). */
    private static final class Targets {
        final boolean single;
        final Path[] dirs;

        Targets(boolean single, Path... dirs) {
            this.single = single;
            this.dirs = dirs;
        }
    }
}
