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
    /**
     * Former agent argument (premain used to leave the hooks to a background thread and wait for them
     * only when asked): still accepted, without effect, so existing command lines keep working.
     */
    static final String WAIT_FOR_HOOKS = "wait-for-hooks-ms";

    private AgentBoot() {}

    static void start(AgentArgs args, final Instrumentation inst, boolean attached, long startedAt) {
        Diagnostics early = new Diagnostics(false);
        for (String p : args.problems()) {
            early.warn(p);
        }
        TelltaleOptions.Builder options = TelltaleOptions.builder();
        for (Map.Entry<String, String> e : args.values().entrySet()) {
            if (WAIT_FOR_HOOKS.equals(e.getKey())) {
                continue; // obsolete: the hooks are always in before premain returns
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
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                new Runnable() {
                                    @Override
                                    public void run() {
                                        try {
                                            unobserved.reportAll();
                                        } finally {
                                            client.close();
                                        }
                                    }
                                },
                                "telltale-agent-shutdown"));
            } catch (IllegalStateException | SecurityException e) {
                diagnostics.debug("no shutdown hook: " + e);
            }
        }
        // Installed before premain returns: an error of the application's very first instruction (a
        // thread with its own handler, a task nobody reads, a Logback ERROR line) is already seen.
        long t0 = System.nanoTime();
        java.util.List<String> hooks = Instrumenter.install(inst, diagnostics);
        System.setProperty(READY_PROPERTY, "true");
        diagnostics.debug("agent hooks " + hooks + " installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        diagnostics.debug(
                "agent started" + (attached ? " (attached)" : "") + " in " + (System.nanoTime() - startedAt) / 1_000_000
                        + " ms on the caller's thread; destinations " + client.destinationNames());
    }

    private static String valueOf(TelltaleOptions.Builder b, ConfigKey key) {
        String v = b.build().values().get(key);
        if (v == null) {
            v = System.getProperty(key.systemProperty());
        }
        return v;
    }
}
