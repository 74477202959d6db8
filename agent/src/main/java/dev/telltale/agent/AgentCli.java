package dev.telltale.agent;

import dev.telltale.TelltaleOptions;
import dev.telltale.internal.check.SetupCheck;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar telltale-agent.jar COMMAND}: {@code version}, {@code test}, {@code outbox ...},
 * {@code help}. Configured by the same sources as the agent (system properties, environment,
 * {@code telltale.properties}). Exit codes: 0 done, 1 a check or command failed, 2 bad usage.
 */
public final class AgentCli {
    static final String USAGE = String.join(
            "\n",
            "usage: java [-Dtelltale.KEY=VALUE ...] -jar telltale-agent.jar COMMAND",
            "commands:",
            "  version                       print the agent's version",
            "  test [--timeout SECONDS] [--read-api URIS]",
            "                                send one canary event to each configured destination, say whether it",
            "                                was accepted and, with a read-api credential, when it became visible",
            "                                (read-api: -Dtelltale.read-api / TELLTALE_READ_API; see the README's",
            "                                \"Check your setup\"); nothing is left in any outbox; exit 1 on failure",
            "  outbox list [--dir DIR | --app NAME]",
            "                                what waits in the applications' outboxes, per destination",
            "  outbox show NAME [--dir DIR | --app NAME]",
            "                                one file (as listed: LANE/FILE, FILE, a prefix or the event id) as JSON",
            "  outbox resend [--dir DIR | --app NAME]",
            "                                send what waits, with the destinations configured for this command",
            "                                (configure the application's own destinations)",
            "  view [DIR] [--port N] [--ingest]",
            "                                browse the events in a local directory (see the README)",
            "  help                          this text",
            "DIR defaults to telltale.outbox-dir when set, else every application's outbox under",
            "  " + dev.telltale.internal.check.OutboxView.defaultRoot()
                    + "; --app NAME picks the one of the application whose",
            "  main class or jar starts with NAME.",
            "as an agent: java -javaagent:telltale-agent.jar[=key=value;key=value] -jar app.jar");

    private AgentCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String cmd = args.length == 0 ? "help" : args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        try {
            switch (cmd) {
                case "version":
                case "--version":
                    out.println("telltale-agent " + version());
                    return 0;
                case "test":
                    return test(rest, out);
                case "outbox":
                    return AgentCliOutbox.run(rest, out);
                case "view":
                    return dev.telltale.agent.view.ViewCommand.run(args, out);
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    System.err.println("telltale: unknown command '" + cmd + "'");
                    System.err.println(USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            System.err.println("telltale: " + e.getMessage());
            System.err.println("(java -jar telltale-agent.jar help for the commands)");
            return 2;
        }
    }

    static String version() {
        String v = AgentCli.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Sends a canary to every configured destination and reads it back where a read credential is given. */
    private static int test(List<String> args, PrintStream out) {
        String timeout = option(args, "--timeout");
        String readApi = option(args, "--read-api");
        noMore(args);
        long millis = SetupCheck.DEFAULT_TIMEOUT_MILLIS;
        if (timeout != null) {
            try {
                millis = (long) (Double.parseDouble(timeout) * 1000);
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis < 1000 || millis > 600_000) {
                throw new UsageException("--timeout takes seconds from 1 to 600, not '" + timeout + "'");
            }
        }
        SetupCheck.Report report = SetupCheck.run(
                TelltaleOptions.builder().build(), readApi != null ? readApi : SetupCheck.readApiOfProcess(), millis);
        for (String line : report.lines()) {
            out.println(line);
        }
        out.println(report.ok() ? "all destinations OK" : "some destination FAILED (see above)");
        return report.ok() ? 0 : 1;
    }

    /** Removes {@code --name VALUE} (or {@code --name=VALUE}) from args. @return the value, or null */
    static String option(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                args.remove(i);
                return args.remove(i);
            }
            if (a.startsWith(name + "=")) {
                args.remove(i);
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }

    static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected argument '" + args.get(0) + "'");
        }
    }

    /** Bad command line: exit code 2 with one line saying what is wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
