package dev.telltale.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of {@code -javaagent:telltale-agent.jar[=key=value;...]} and of attaching to a running
 * JVM. Does little on the caller's thread: puts the bridge in the bootstrap loader and starts the
 * core (no network, no DNS); the bytecode hooks are installed on a background thread.
 */
public final class TelltaleAgent {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TelltaleAgent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        if (!STARTED.compareAndSet(false, true)) {
            System.err.println("telltale: agent already running in this JVM; ignoring the second one");
            return;
        }
        long t0 = System.nanoTime();
        try {
            BootstrapInjector.inject(inst);
        } catch (Throwable e) {
            System.err.println("telltale: agent not started: could not prepare the bootstrap bridge: " + e);
            return;
        }
        try {
            // A separate class, so nothing that refers to the bridge loads before it is injected.
            AgentBoot.start(AgentArgs.parse(args), inst, attached, t0);
        } catch (Throwable e) {
            System.err.println("telltale: agent not started: " + e);
        }
    }
}
