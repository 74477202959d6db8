package dev.telltale.agent;

import dev.telltale.agent.bootstrap.TelltaleBridge;

/**
 * The JVM-wide default handler while the agent runs, in place of the core's own: it covers the
 * moment before the bytecode hooks are in, and it defers to an application's own Telltale (which
 * chains to it) instead of reporting a second time. Then does what would have happened anyway.
 */
final class AgentUncaughtHandler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;

    AgentUncaughtHandler(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    /** Replaces the core's handler, installed by the client that just started, with this one. */
    static void replaceCoreHandler(Thread.UncaughtExceptionHandler before) {
        Thread.UncaughtExceptionHandler now = Thread.getDefaultUncaughtExceptionHandler();
        if (now != null
                && now != before
                && now.getClass().getClassLoader() == AgentUncaughtHandler.class.getClassLoader()) {
            Thread.setDefaultUncaughtExceptionHandler(new AgentUncaughtHandler(before));
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        TelltaleBridge.uncaught(t, e); // a duplicate of the hook's report is dropped by the core
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else if (!"java.lang.ThreadDeath".equals(e.getClass().getName())) {
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
