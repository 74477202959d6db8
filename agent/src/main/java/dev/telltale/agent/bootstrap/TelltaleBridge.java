package dev.telltale.agent.bootstrap;

import java.util.Map;

/**
 * The only class the agent's advice calls. Injected into the bootstrap class loader so it is
 * visible from every class, whichever loader defined it. Every method is a no-op until the agent
 * sets {@link #sink}, and none ever throws into the instrumented code.
 */
public final class TelltaleBridge {
    /** Set once by the agent after the core started. */
    public static volatile TelltaleSink sink;
    /**
     * Number of failed futures waiting to be observed: lets the hot observation advice return on a
     * single volatile read when there is nothing to look up.
     */
    public static volatile int pendingFailures;

    private TelltaleBridge() {
    }

    public static void uncaught(Thread thread, Throwable error) {
        TelltaleSink s = sink;
        if (s != null && error != null) {
            try {
                s.uncaught(thread, error);
            } catch (Throwable ignored) {
                // never change what happens to the application's exception
            }
        }
    }

    public static Object wrapTask(Object task) {
        TelltaleSink s = sink;
        if (s == null || task == null) {
            return task;
        }
        try {
            return s.wrapTask(task);
        } catch (Throwable e) {
            return task;
        }
    }

    public static Object enterTask(Object task) {
        TelltaleSink s = sink;
        if (s == null || task == null) {
            return null;
        }
        try {
            return s.enterTask(task);
        } catch (Throwable e) {
            return null;
        }
    }

    public static void exitTask(Object handle) {
        TelltaleSink s = sink;
        if (s != null && handle != null) {
            try {
                s.exitTask(handle);
            } catch (Throwable ignored) {
                // the task's own outcome matters, not ours
            }
        }
    }

    /** Remembered plain runnables waiting in pools: lets {@link #runTask} skip the lookup when there are none. */
    public static volatile int pendingExecutes;

    public static void executeSubmitted(Runnable task) {
        TelltaleSink s = sink;
        if (s != null && task != null) {
            try {
                s.executeSubmitted(task);
            } catch (Throwable ignored) {
                // the task runs as before, without the scope
            }
        }
    }

    /**
     * Replaces {@code task.run()} inside {@code ThreadPoolExecutor.runWorker}: runs it in the scope
     * its submitter had. The task's own exceptions pass through unchanged.
     */
    public static void runTask(Runnable task) {
        TelltaleSink s = pendingExecutes == 0 ? null : sink;
        Object handle = null;
        if (s != null) {
            try {
                handle = s.executeStarting(task);
            } catch (Throwable ignored) {
                // run it without the scope
            }
        }
        if (handle == null) {
            task.run();
            return;
        }
        try {
            task.run();
        } catch (Throwable e) {
            try {
                s.executeFailed(handle, e);
            } catch (Throwable ignored) {
                // the exception below is what matters
            }
            throw e;
        } finally {
            try {
                s.exitTask(handle);
            } catch (Throwable ignored) {
                // the task's own outcome matters, not ours
            }
        }
    }

    public static void futureFailed(Object future, Throwable error) {
        TelltaleSink s = sink;
        if (s != null && error != null) {
            try {
                s.futureFailed(future, error);
            } catch (Throwable ignored) {
                // reporting is best effort
            }
        }
    }

    public static void futureObserved(Object future) {
        if (pendingFailures == 0) {
            return;
        }
        TelltaleSink s = sink;
        if (s != null && future != null) {
            try {
                s.futureObserved(future);
            } catch (Throwable ignored) {
                // reporting is best effort
            }
        }
    }

    public static void futuresObserved(Object[] futures) {
        if (pendingFailures == 0 || futures == null) {
            return;
        }
        for (Object f : futures) {
            futureObserved(f);
        }
    }

    public static void log(int level, String logger, String template, String formatted, String thread,
                           long timestamp, Throwable error, Map<String, String> mdc) {
        TelltaleSink s = sink;
        if (s != null) {
            try {
                s.log(level, logger, template, formatted, thread, timestamp, error, mdc);
            } catch (Throwable ignored) {
                // logging must go on untouched
            }
        }
    }

    public static boolean inRequest() {
        TelltaleSink s = sink;
        if (s == null) {
            return true; // nothing to collect the details for
        }
        try {
            return s.inRequest();
        } catch (Throwable e) {
            return true;
        }
    }

    public static Object requestEnter(String method, String url, String query) {
        TelltaleSink s = sink;
        if (s == null) {
            return null;
        }
        try {
            return s.requestEnter(method, url, query);
        } catch (Throwable e) {
            return null;
        }
    }

    public static void requestExit(Object handle, Throwable error) {
        TelltaleSink s = sink;
        if (s != null) {
            try {
                s.requestExit(handle, error);
            } catch (Throwable ignored) {
                // the container handles the exception as before
            }
        }
    }
}
