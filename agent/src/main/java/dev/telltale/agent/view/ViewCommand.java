package dev.telltale.agent.view;

import dev.telltale.config.ConfigResolver;
import dev.telltale.config.Settings;
import dev.telltale.destination.Destination;
import dev.telltale.destination.file.FileDestination;
import dev.telltale.destination.file.FileDestinationFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code view [DIR] [--port N] [--ingest]}: serves a read-only page over a directory of event files
 * on 127.0.0.1 and prints its URL. DIR defaults to the directory of the configured {@code file:}
 * destination, else {@code ./telltale-events}.
 */
public final class ViewCommand {
    static final String USAGE = "usage: java -jar telltale-agent.jar view [DIR] [--port N] [--ingest]";

    private ViewCommand() {}

    /** Runs until the process is stopped; returns only on bad input (the exit status). */
    public static int run(String[] args, PrintStream out) {
        if (java.util.Arrays.asList(args).contains("--help")
                || java.util.Arrays.asList(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        ViewServer server = start(args, out);
        if (server == null) {
            return 2;
        }
        CountDownLatch forever = new CountDownLatch(1);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "telltale-view-stop"));
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    /** Parses the arguments (after {@code view}), starts the server and prints where it is; null on bad input. */
    static ViewServer start(String[] args, PrintStream out) {
        String dirArg = null;
        int port = 0;
        boolean ingest = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--ingest")) {
                ingest = true;
            } else if (a.equals("--port") || a.startsWith("--port=")) {
                String v =
                        a.equals("--port") ? (i + 1 < args.length ? args[++i] : "") : a.substring("--port=".length());
                try {
                    port = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    out.println("telltale: --port takes a number from 0 (a free port) to 65535, not '" + v + "'");
                    return null;
                }
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return null;
            } else if (a.startsWith("--") || dirArg != null) {
                out.println("telltale: unknown argument '" + a + "'. " + USAGE);
                return null;
            } else {
                dirArg = a;
            }
        }
        Path dir;
        try {
            dir = dirArg == null ? configuredDirectory() : Paths.get(dirArg);
        } catch (InvalidPathException e) {
            out.println("telltale: '" + dirArg + "' is not a directory path");
            return null;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            out.println("telltale: " + dir + " is a file, not a directory of events");
            return null;
        }
        ViewServer server;
        try {
            server = ViewServer.start(dir, port, ingest);
        } catch (IOException e) {
            out.println("telltale: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return null;
        }
        out.println("telltale view: " + server.url() + "  (events in "
                + dir.toAbsolutePath().normalize() + (Files.isDirectory(dir) ? "" : ", not there yet")
                + "; Ctrl-C stops)");
        if (ingest) {
            out.println("telltale view: Sentry SDKs can send to " + server.dsn()
                    + " (written as files into that directory)");
        }
        out.flush();
        return server;
    }

    /** The directory of the first {@code file:} destination configured for this process, else the default. */
    static Path configuredDirectory() {
        List<String> problems = new ArrayList<>();
        try {
            Settings settings =
                    ConfigResolver.forProcess(ConfigResolver.noCode(), problems).resolve(null, problems);
            for (String uri : settings.destinations()) {
                if (uri.regionMatches(true, 0, "file:", 0, 5)) {
                    Destination d = new FileDestinationFactory().create(uri, settings);
                    return ((FileDestination) d).directory();
                }
            }
        } catch (RuntimeException e) {
            // a configuration that does not resolve: the default below
        }
        return Paths.get(ConfigResolver.DEFAULT_EVENTS_DIR);
    }
}
