package dev.telltale.agent;

import dev.telltale.Level;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.TelltaleStats;
import dev.telltale.config.ConfigKey;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code java -jar telltale-agent.jar version | test | outbox (list|show NAME|resend)}. Configured by
 * the same sources as the agent (system properties, environment, {@code telltale.properties}).
 */
public final class AgentCli {
    private AgentCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String cmd = args.length == 0 ? "" : args[0];
        switch (cmd) {
            case "version":
                out.println("telltale-agent " + version());
                return 0;
            case "test":
                return test(out);
            case "outbox":
                return outbox(args, out);
            case "view":
                return dev.telltale.agent.view.ViewCommand.run(args, out);
            default:
                out.println("usage: java -jar telltale-agent.jar version | test | outbox (list | show NAME | resend)");
                out.println("as an agent: java -javaagent:telltale-agent.jar[=key=value;key=value] -jar app.jar");
                return cmd.isEmpty() || cmd.equals("help") ? 0 : 2;
        }
    }

    static String version() {
        String v = AgentCli.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    private static TelltaleClient client() {
        return TelltaleClient.start(TelltaleOptions.builder()
                .set(ConfigKey.UNCAUGHT_HANDLER, "false")
                .set(ConfigKey.SHUTDOWN_HOOK, "false")
                .build());
    }

    /** Sends one test event to every configured destination and says, per destination, how it went. */
    private static int test(PrintStream out) {
        TelltaleClient client = client();
        try {
            if (!client.isEnabled()) {
                out.println("telltale is disabled by configuration (enabled=false)");
                return 1;
            }
            long t0 = System.nanoTime();
            String id = client.captureMessage("Telltale test event (telltale-agent test)", Level.INFO);
            boolean drained = client.flush(client.settings().readTimeoutMillis() + client.settings().connectTimeoutMillis());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.println("event " + id + (drained ? "" : " (still pending after the timeout)"));
            TelltaleStats stats = client.stats();
            boolean allOk = !client.destinationNames().isEmpty();
            for (TelltaleStats.DestinationStats d : stats.destinations()) {
                boolean ok = d.sent() > 0;
                allOk &= ok;
                out.println((ok ? "accepted      " : "NOT accepted  ") + d.name() + "  (" + ms + " ms; sent " + d.sent()
                        + ", retried " + d.retried() + ", spooled " + d.spooled() + ", dropped " + d.droppedTotal() + ")");
            }
            if (stats.destinations().isEmpty()) {
                out.println("no usable destination configured");
            }
            return allOk ? 0 : 1;
        } finally {
            client.close();
        }
    }

    private static int outbox(String[] args, PrintStream out) {
        String sub = args.length > 1 ? args[1] : "list";
        TelltaleClient probe = TelltaleClient.start(TelltaleOptions.builder()
                .set(ConfigKey.ENABLED, "false").build());
        Path dir = probe.settings().outboxDir();
        probe.close();
        try {
            switch (sub) {
                case "list": {
                    List<Path> files = files(dir);
                    out.println(files.size() + " file(s) waiting in " + dir);
                    for (Path f : files) {
                        out.println(String.format("%10d  %s", Files.size(f), dir.relativize(f)));
                    }
                    return 0;
                }
                case "show": {
                    if (args.length < 3) {
                        out.println("usage: outbox show NAME   (NAME as printed by 'outbox list')");
                        return 2;
                    }
                    Path f = dir.resolve(args[2]).normalize();
                    if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                        out.println("no such outbox entry: " + args[2]);
                        return 1;
                    }
                    out.println(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    return 0;
                }
                case "resend": {
                    // A started client delivers what waits in its outbox; wait for that, then say what is left.
                    int before = files(dir).size();
                    TelltaleClient client = client();
                    client.flush(client.settings().readTimeoutMillis() + client.settings().connectTimeoutMillis());
                    client.close();
                    int after = files(dir).size();
                    out.println("outbox " + dir + ": " + before + " file(s) before, " + after + " after");
                    return after == 0 ? 0 : 1;
                }
                default:
                    out.println("usage: outbox (list | show NAME | resend)");
                    return 2;
            }
        } catch (IOException e) {
            out.println("cannot read the outbox " + dir + ": " + e);
            return 1;
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        collect(dir, out, 0);
        Collections.sort(out);
        return out;
    }

    private static void collect(Path dir, List<Path> out, int depth) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p) && depth < 3) {
                    collect(p, out, depth + 1);
                } else if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        }
    }
}
