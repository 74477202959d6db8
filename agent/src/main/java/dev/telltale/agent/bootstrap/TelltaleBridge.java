package dev.telltale.agent.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

    /*
     * Names of the application's own Telltale integrations, whose reports win over the agent's.
     * Built at run time: the jar's relocation rewrites string constants that name the (relocated)
     * dev.telltale packages, and these must keep naming the application's unrelocated ones. Not
     * compile-time constants, so advice reads them here instead of carrying a relocated copy.
     */
    /** Class name of the application's Logback appender. */
    public static final String APP_LOGBACK_APPENDER = telltale("logback.TelltaleAppender");
    /** Request attribute by which the application's servlet filter marks a request it tracks. */
    public static final String APP_REQUEST_ATTRIBUTE = telltale("servlet.RequestState");

    private TelltaleBridge() {}

    private static String telltale(String rest) {
        return new StringBuilder("dev")
                .append('.')
                .append("telltale")
                .append('.')
                .append(rest)
                .toString();
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

    // ------------------------------------------------------------ Logback: which logger reaches the app's appender

    /** Bumped after every change of Logback appenders or additivity: older verdicts are stale. */
    private static final AtomicInteger LOGBACK_GENERATION = new AtomicInteger();
    /**
     * Lossy cache, by identity hash, of {weak logger, generation, weak appender of the application's
     * Telltale or null}: a miss only costs a walk. Weak, so no logger or appender of an undeployed
     * application stays reachable from here.
     */
    private static final AtomicReferenceArray<Object[]> LOGBACK_VERDICTS = new AtomicReferenceArray<>(256);
    /** What {@link #logbackVerdict} returns for "no appender of the application's Telltale on this logger's path". */
    public static final Object NONE = new Object();

    public static int logbackGeneration() {
        return LOGBACK_GENERATION.get();
    }

    /** Logback appenders or additivity changed somewhere. */
    public static void logbackChanged() {
        LOGBACK_GENERATION.incrementAndGet();
    }

    /**
     * @return the application's appender on {@code logger}'s path, {@link #NONE}, or null when not
     * known for this generation
     */
    public static Object logbackVerdict(Object logger, int generation) {
        Object[] e = LOGBACK_VERDICTS.get(System.identityHashCode(logger) & 255);
        if (e == null || ((WeakReference<?>) e[0]).get() != logger || ((Integer) e[1]) != generation) {
            return null;
        }
        return e[2] == null ? NONE : ((WeakReference<?>) e[2]).get();
    }

    /** @param appender the application's appender found on {@code logger}'s path, or null */
    public static void logbackRemember(Object logger, int generation, Object appender) {
        LOGBACK_VERDICTS.set(System.identityHashCode(logger) & 255, new Object[] {
            new WeakReference<>(logger), generation, appender == null ? null : new WeakReference<>(appender)
        });
    }

    /** @param appReports the application's own Telltale appender receives this event too */
    public static void log(
            int level,
            String logger,
            String template,
            String formatted,
            String thread,
            long timestamp,
            Throwable error,
            Map<String, String> mdc,
            boolean appReports) {
        TelltaleSink s = sink;
        if (s != null) {
            try {
                s.log(level, logger, template, formatted, thread, timestamp, error, mdc, appReports);
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

    /**
     * The outermost filter or servlet of a request starts ({@code method} null for a nested one).
     *
     * @param headers       names at even, values at odd indexes (see {@link #headerSlots}), or null
     * @param application   the servlet context (the session journeys are kept per application)
     * @param sessionId     the request's session when it has one already, else null
     */
    public static Object requestEnter(
            String method,
            Object url,
            String query,
            String[] headers,
            String clientAddress,
            Object application,
            String sessionId,
            long sessionCreatedAt) {
        TelltaleSink s = sink;
        if (s == null) {
            return null;
        }
        try {
            return s.requestEnter(
                    method,
                    url == null ? null : url.toString(),
                    query,
                    headers,
                    clientAddress,
                    application,
                    sessionId,
                    sessionCreatedAt);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Room for the request's header names (even indexes) and values (odd): at most 64 headers. */
    public static String[] headerSlots(java.util.Enumeration<?> names) {
        if (names == null || !names.hasMoreElements()) {
            return new String[0];
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<String>();
        while (names.hasMoreElements() && out.size() < 2 * MAX_HEADERS) {
            out.add(String.valueOf(names.nextElement()));
            out.add(null);
        }
        return out.toArray(new String[0]);
    }

    private static final int MAX_HEADERS = 64;

    /** Whether {@code handle} is the outermost filter's: only it reads the session on the way out. */
    public static boolean outermost(Object handle) {
        TelltaleSink s = sink;
        try {
            return s != null && handle != null && s.outermost(handle);
        } catch (Throwable e) {
            return false;
        }
    }

    public static boolean personalData() {
        TelltaleSink s = sink;
        try {
            return s != null && s.personalData();
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * @param appReports the application's own Telltale filter tracks this request and reports what escapes it
     * @param sessionId  the request's session on the way out (only for the {@link #outermost} one), or null
     */
    public static void requestExit(
            Object handle,
            Throwable error,
            boolean appReports,
            String sessionId,
            long sessionCreatedAt,
            int sessionMaxInactiveSeconds) {
        TelltaleSink s = sink;
        if (s != null) {
            try {
                s.requestExit(handle, error, appReports, sessionId, sessionCreatedAt, sessionMaxInactiveSeconds);
            } catch (Throwable ignored) {
                // the container handles the exception as before
            }
        }
    }
}
