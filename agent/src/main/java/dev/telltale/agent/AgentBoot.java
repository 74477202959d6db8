package dev.telltale.agent;

import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.agent.bootstrap.TelltaleBridge;
import dev.telltale.config.ConfigKey;
import dev.telltale.integration.Diagnostics;

import java.lang.instrument.Instrumentation;
import java.util.Map;

/** Starts the core and the hooks. Everything here is after the bridge is in the bootstrap loader. */
final class AgentBoot {
    /** Set to "true" once every hook is installed (tests and support look at it). */
    static final String READY_PROPERTY = "telltale.agent.ready";
    /** Agent argument: how long premain may wait for the hooks to be installed (default 0: never waits). */
    static final String WAIT_FOR_HOOKS = "wait-for-hooks-ms";

    private AgentBoot() {
    }

    static void start(AgentArgs args, final Instrumentation inst, boolean attached, long startedAt) {
        Diagnostics early = new Diagnostics(false);
        for (String p : args.problems()) {
            early.warn(p);
        }
        TelltaleOptions.Builder options = TelltaleOptions.builder();
        long waitForHooksMillis = 0;
        for (Map.Entry<String, String> e : args.values().entrySet()) {
            if (WAIT_FOR_HOOKS.equals(e.getKey())) {
                waitForHooksMillis = parseWait(e.getValue(), early);
            } else if (ConfigKey.forKey(e.getKey()) == null) {
                early.warn("agent argument " + AgentArgs.printable(e.getKey()) + " ignored: not a Telltale option");
            } else {
                options.set(e.getKey(), e.getValue());
            }
        }
        // The agent owns shutdown: unobserved task failures are reported before the client closes.
        boolean hook = !"false".equalsIgnoreCase(valueOf(options, ConfigKey.SHUTDOWN_HOOK));
        options.set(ConfigKey.SHUTDOWN_HOOK, "false");
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        final TelltaleClient client = TelltaleClient.start(options.build());
        if (!client.isEnabled()) {
            return;
        }
        AgentUncaughtHandler.replaceCoreHandler(before);
        final Diagnostics diagnostics = new Diagnostics(client.settings().debug());
        final UnobservedFailures unobserved = new UnobservedFailures(client, diagnostics);
        TelltaleBridge.sink = new AgentSink(client, unobserved);
        if (hook) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                    @Override
                    public void run() {
                        try {
                            unobserved.reportAll();
                        } finally {
                            client.close();
                        }
                    }
                }, "telltale-agent-shutdown"));
            } catch (IllegalStateException | SecurityException e) {
                diagnostics.debug("no shutdown hook: " + e);
            }
        }
        Thread installer = new Thread(new Runnable() {
            @Override
            public void run() {
                long t0 = System.nanoTime();
                Instrumenter.install(inst, diagnostics);
                System.setProperty(READY_PROPERTY, "true");
                diagnostics.debug("agent hooks installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        }, "telltale-agent-install");
        installer.setDaemon(true);
        installer.start();
        if (waitForHooksMillis > 0) {
            // Trades start-up time for coverage of the application's first half-second (errors
            // logged or futures failing before the hooks are in would otherwise go unseen).
            try {
                installer.join(waitForHooksMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        diagnostics.debug("agent started" + (attached ? " (attached)" : "") + " in " + (System.nanoTime() - startedAt) / 1_000_000
                + " ms on the caller's thread; destinations " + client.destinationNames());
    }

    static long parseWait(String value, Diagnostics early) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0 && n <= 60_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        early.warn("agent argument '" + WAIT_FOR_HOOKS + "' must be milliseconds from 0 to 60000; not waiting");
        return 0;
    }

    private static String valueOf(TelltaleOptions.Builder b, ConfigKey key) {
        String v = b.build().values().get(key);
        if (v == null) {
            v = System.getProperty(key.systemProperty());
        }
        return v;
    }
}
