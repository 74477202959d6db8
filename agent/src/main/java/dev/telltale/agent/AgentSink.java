package dev.telltale.agent;

import dev.telltale.Breadcrumb;
import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.Scope;
import dev.telltale.ScopeHandle;
import dev.telltale.TelltaleClient;
import dev.telltale.agent.bootstrap.TelltaleSink;
import dev.telltale.event.Mechanism;
import dev.telltale.event.RequestInfo;
import dev.telltale.integration.Reentrancy;
import dev.telltale.integration.SessionJourneys;
import dev.telltale.integration.Strings;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Maps what the advice sees onto calls of the agent's own (relocated) core client. Runs on
 * application threads: only snapshots and queueing here, never I/O (except the fatal path).
 */
final class AgentSink extends TelltaleSink {
    // Logback's level integers.
    private static final int LOGBACK_ERROR = 40000;
    private static final int LOGBACK_WARN = 30000;
    private static final String OWN_PREFIX = Prefixes.TELLTALE;

    private final TelltaleClient client;
    private final UnobservedFailures unobserved;
    private final PendingExecutes executes = new PendingExecutes();
    private final boolean uncaught;
    /** What {@code currentScope()} returns on a thread with no scope of its own (constructed on such a thread). */
    private final Scope global;

    private final boolean personalData;

    AgentSink(TelltaleClient client, UnobservedFailures unobserved) {
        this.client = client;
        this.unobserved = unobserved;
        this.uncaught = client.settings().uncaughtHandler();
        this.global = client.currentScope();
        this.personalData = client.settings().sendDefaultPii();
    }

    /** The application's own (unrelocated) Telltale core's default handler. */
    private static final String APP_TELLTALE_HANDLER = Prefixes.TELLTALE + "internal.UncaughtHandler";

    @Override
    public void uncaught(Thread thread, Throwable error) {
        if (!uncaught || Reentrancy.active() || appTelltaleWillReport(thread)) {
            return;
        }
        // The main thread ending with an exception usually ends the JVM: that one is spooled synchronously.
        boolean main = thread != null && "main".equals(thread.getName()) && !thread.isDaemon();
        Capture c = Capture.exception(error)
                .mechanism(Mechanism.UNCAUGHT)
                .level(main ? Level.FATAL : Level.ERROR)
                .threadName(thread == null ? null : thread.getName());
        Scope taskScope = ScopedTask.takeFailureScope(error); // a scoped task that let the exception out
        if (taskScope != null) {
            ScopeHandle activation = client.activate(taskScope);
            try {
                client.capture(c);
            } finally {
                activation.close();
            }
        } else {
            client.capture(c);
        }
    }

    /**
     * The application runs its own Telltale, whose default handler is about to report this very
     * exception: one report is enough (the two cores share no deduplication).
     */
    private static boolean appTelltaleWillReport(Thread thread) {
        Thread.UncaughtExceptionHandler effective = thread == null ? null : thread.getUncaughtExceptionHandler();
        if (effective != null && effective.getClass() != ThreadGroup.class) {
            return false; // an own handler or a group override decides; it may not reach the default one
        }
        Thread.UncaughtExceptionHandler dflt = Thread.getDefaultUncaughtExceptionHandler();
        return dflt != null && APP_TELLTALE_HANDLER.equals(dflt.getClass().getName());
    }

    // ------------------------------------------------------------ tasks

    @Override
    public Object wrapTask(Object task) {
        // Fast path for the common case: a thread in the global scope, which every thread sees anyway.
        if (task instanceof ScopedTask || client.currentScope() == global || Reentrancy.active()) {
            return task;
        }
        Scope fork = ScopeFork.of(client);
        if (fork == null) {
            return task;
        }
        if (task instanceof Callable) {
            return new ScopedTask.OfCallable<>(client, fork, (Callable<?>) task);
        }
        if (task instanceof Runnable && !(task instanceof Future)) {
            return new ScopedTask.OfRunnable(client, fork, (Runnable) task);
        }
        if (task instanceof Supplier) {
            return new ScopedTask.OfSupplier<>(client, fork, (Supplier<?>) task);
        }
        return task;
    }

    @Override
    public void executeSubmitted(Runnable task) {
        if (task instanceof Future
                || task instanceof ScopedTask
                || client.currentScope() == global
                || Reentrancy.active()) {
            return; // futures carry their scope themselves; the global scope needs no carrying
        }
        Scope fork = ScopeFork.of(client);
        if (fork != null) {
            executes.put(task, fork);
        }
    }

    @Override
    public Object executeStarting(Runnable task) {
        Scope scope = executes.take(task);
        if (scope == null) {
            return null;
        }
        ScopedTask.clearStale();
        return new RawTask(client.activate(scope), scope);
    }

    @Override
    public void executeFailed(Object handle, Throwable error) {
        if (handle instanceof RawTask) {
            ScopedTask.failedIn(((RawTask) handle).scope, error);
        }
    }

    /** A plain runnable running in its submitter's scope. */
    private static final class RawTask {
        final ScopeHandle activation;
        final Scope scope;

        RawTask(ScopeHandle activation, Scope scope) {
            this.activation = activation;
            this.scope = scope;
        }
    }

    @Override
    public Object enterTask(Object task) {
        if (task instanceof ScopedTask) {
            return client.activate(((ScopedTask) task).scope());
        }
        return null;
    }

    @Override
    public void exitTask(Object handle) {
        if (handle instanceof ScopeHandle) {
            ((ScopeHandle) handle).close();
        } else if (handle instanceof RawTask) {
            ((RawTask) handle).activation.close();
        }
    }

    @Override
    public void futureFailed(Object future, Throwable error) {
        if (Reentrancy.active() || !client.isEnabled()) {
            return;
        }
        Scope scope = ScopedTask.takeFailureScope(error);
        if (error instanceof CancellationException) {
            return; // a stage cancelled on purpose, or one downstream of it: not an error
        }
        if (scope == null) {
            scope = client.currentScope();
        }
        unobserved.failed(
                future,
                error,
                scope,
                Thread.currentThread().getName(),
                future instanceof java.util.concurrent.CompletableFuture ? "CompletableFuture" : "executor");
    }

    @Override
    public void futureObserved(Object future) {
        unobserved.observed(future);
    }

    // ------------------------------------------------------------ logback

    @Override
    public void log(
            int level,
            String logger,
            String template,
            String formatted,
            String thread,
            long timestamp,
            Throwable error,
            Map<String, String> mdc,
            boolean appReports) {
        if (Reentrancy.active() || (logger != null && logger.startsWith(OWN_PREFIX)) || !client.isEnabled()) {
            return;
        }
        // The application's own appender reports this error (two cores share no deduplication):
        // here it stays a breadcrumb, so the agent's own events keep the whole log trail.
        if (level >= LOGBACK_ERROR && !appReports) {
            Capture c = error != null ? Capture.exception(error) : Capture.message(formatted, Level.ERROR);
            c.level(Level.ERROR)
                    .mechanism("logback", true)
                    .logger(logger)
                    .message(template, formatted)
                    .threadName(thread)
                    .timestamp(timestamp);
            if (mdc != null && !mdc.isEmpty()) {
                c.context("mdc", mdc);
            }
            client.capture(c);
            return;
        }
        Breadcrumb.Builder b = Breadcrumb.builder()
                .type("log")
                .category(logger)
                .level(level >= LOGBACK_ERROR ? Level.ERROR : level >= LOGBACK_WARN ? Level.WARNING : Level.INFO)
                .message(formatted)
                .timestamp(timestamp);
        if (error != null) {
            b.data("exception", error.getClass().getName());
        }
        client.addBreadcrumb(b.build());
    }

    // ------------------------------------------------------------ servlet

    /** Nesting depth of filters and servlets on this thread: only the outermost opens the request scope. */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    private static final Object NESTED = new Object();
    private static final int MAX_URL_CHARS = 4096;
    private static final int MAX_HEADER_CHARS = 1024;

    @Override
    public boolean inRequest() {
        int[] depth = DEPTH.get();
        if (depth == null) {
            DEPTH.remove(); // no empty entry left behind on pooled threads
            return false;
        }
        return depth[0] > 0;
    }

    @Override
    public boolean personalData() {
        return personalData;
    }

    @Override
    public Object requestEnter(
            String method,
            String url,
            String query,
            String[] headers,
            String clientAddress,
            Object application,
            String sessionId,
            long sessionCreatedAt) {
        if (!client.isEnabled()) {
            return null;
        }
        int[] depth = DEPTH.get();
        if (depth == null) {
            depth = new int[1];
            DEPTH.set(depth);
        }
        if (depth[0]++ > 0) {
            return NESTED;
        }
        long now = System.currentTimeMillis();
        ScopeHandle h = client.pushScope();
        RequestInfo.Builder request = RequestInfo.builder()
                .method(Strings.clean(method, 32))
                .url(Strings.clean(url, MAX_URL_CHARS))
                .queryString(Strings.clean(query, MAX_URL_CHARS));
        for (int i = 0; headers != null && i + 1 < headers.length; i += 2) {
            request.header(Strings.clean(headers[i], 256), Strings.clean(headers[i + 1], MAX_HEADER_CHARS));
        }
        if (personalData && clientAddress != null) {
            request.clientAddress(Strings.clean(clientAddress, 64));
        }
        RequestInfo info = request.build();
        Scope scope = h.scope();
        scope.setRequest(info);
        // The session's earlier pages, as the servlet filter keeps them (one store per web application).
        SessionJourneys journeys =
                application == null ? null : SessionJourneys.of(application, JOURNEY_MAX_SESSIONS, JOURNEY_MAX_ACTIONS);
        if (journeys != null) {
            journeys.begin(scope, sessionId, sessionCreatedAt, now);
        }
        // The request's first breadcrumb, as the servlet filter writes it: what was asked.
        scope.addBreadcrumb(Breadcrumb.builder()
                .type("navigation")
                .category("request")
                .message(info.method() + " " + pathOf(info.url()))
                .build());
        return new Request(h, journeys, sessionId);
    }

    /** The filter's defaults (telltale.servlet.journey.*): sessions remembered, actions per session. */
    private static final int JOURNEY_MAX_SESSIONS = 1000;

    private static final int JOURNEY_MAX_ACTIONS = 20;

    /** The outermost filter's pass: its scope, and where its session's journey is kept. */
    private static final class Request {
        final ScopeHandle handle;
        final SessionJourneys journeys;
        final String sessionIdAtStart;

        Request(ScopeHandle handle, SessionJourneys journeys, String sessionIdAtStart) {
            this.handle = handle;
            this.journeys = journeys;
            this.sessionIdAtStart = sessionIdAtStart;
        }
    }

    @Override
    public boolean outermost(Object handle) {
        return handle instanceof Request;
    }

    /** {@code http://host:8080/a/b} gives {@code /a/b}. */
    static String pathOf(String url) {
        if (url == null) {
            return "/";
        }
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    @Override
    public void requestExit(
            Object handle,
            Throwable error,
            boolean appReports,
            String sessionId,
            long sessionCreatedAt,
            int sessionMaxInactiveSeconds) {
        if (handle == null) {
            return; // requestEnter did not run (Telltale off): nothing was opened
        }
        try {
            // The application's own filter tracks this request and reports what escapes it: once is enough.
            if (error != null && !appReports && !Reentrancy.active() && client.isEnabled()) {
                // Every filter on the way out sees the same throwable: the first report wins, the rest are duplicates.
                client.capture(Capture.exception(error).mechanism("servlet", false));
            }
            if (handle instanceof Request) {
                Request r = (Request) handle;
                if (r.journeys != null) {
                    r.journeys.end(
                            r.handle.scope(),
                            r.sessionIdAtStart,
                            sessionId,
                            sessionCreatedAt,
                            sessionMaxInactiveSeconds,
                            System.currentTimeMillis());
                }
            }
        } finally {
            int[] depth = DEPTH.get();
            if (depth != null && --depth[0] <= 0) {
                DEPTH.remove();
            }
            if (handle instanceof Request) {
                ((Request) handle).handle.close();
            }
        }
    }
}
