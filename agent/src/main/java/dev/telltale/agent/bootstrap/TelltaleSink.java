package dev.telltale.agent.bootstrap;

import java.util.Map;

/**
 * What the agent does when its advice fires. Lives in the bootstrap class loader next to
 * {@link TelltaleBridge}, so code inlined into any class (JDK, container, application) can reach
 * it; the implementation lives with the relocated core in the agent's own loader.
 */
public abstract class TelltaleSink {
    /** A thread is about to hand an exception to its uncaught-exception handler. */
    public abstract void uncaught(Thread thread, Throwable error);

    /** Called where a task is created: returns the task carrying the creator's scope (or the task). */
    public abstract Object wrapTask(Object task);

    /** Called where a task starts running: activates the scope it carries. @return a handle for {@link #exitTask} */
    public abstract Object enterTask(Object task);

    public abstract void exitTask(Object handle);

    /** {@code ThreadPoolExecutor.execute} got a plain runnable: remember the submitter's scope for it. */
    public abstract void executeSubmitted(Runnable task);

    /** A pool worker is about to run a plain runnable. @return a handle for {@link #exitTask}, or null */
    public abstract Object executeStarting(Runnable task);

    /** The runnable started under {@code handle} threw {@code error} (the worker then dies of it). */
    public abstract void executeFailed(Object handle, Throwable error);

    /** A future completed with an exception; it is reported unless someone observes it. */
    public abstract void futureFailed(Object future, Throwable error);

    /** Someone looked at a future's outcome (get, join, a dependent stage...). */
    public abstract void futureObserved(Object future);

    /**
     * A Logback event that passed the logger's level check; {@code appReports} when the
     * application's own Telltale appender receives it too.
     */
    public abstract void log(
            int level,
            String logger,
            String template,
            String formatted,
            String thread,
            long timestamp,
            Throwable error,
            Map<String, String> mdc,
            boolean appReports);

    /** True inside a servlet or filter on this thread (a nested one needs no request details). */
    public abstract boolean inRequest();

    /**
     * A servlet or filter starts handling a request (the details only for the outermost one, else
     * {@code method} null). @param headers names at even, values at odd indexes, as the container
     * gave them (the core scrubs them); @param clientAddress only when {@link #personalData()};
     * @param application the servlet context; @param sessionId the session it has already, or null.
     * @return a handle for {@link #requestExit}
     */
    public abstract Object requestEnter(
            String method,
            String url,
            String query,
            String[] headers,
            String clientAddress,
            Object application,
            String sessionId,
            long sessionCreatedAt);

    /** Whether {@code handle} (from {@link #requestEnter}) opened the request's scope. */
    public abstract boolean outermost(Object handle);

    /** Whether personal data (the client's address) may be collected: {@code send-default-pii}. */
    public abstract boolean personalData();

    /**
     * It ended; {@code error} is what escaped it, or null; {@code appReports} when the application's
     * own Telltale filter tracks the request (and so reports what escapes it); the session as it is
     * now (only for the outermost), or null.
     */
    public abstract void requestExit(
            Object handle,
            Throwable error,
            boolean appReports,
            String sessionId,
            long sessionCreatedAt,
            int sessionMaxInactiveSeconds);
}
