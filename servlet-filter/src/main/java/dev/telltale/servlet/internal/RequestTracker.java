package dev.telltale.servlet.internal;

import dev.telltale.Breadcrumb;
import dev.telltale.Capture;
import dev.telltale.Level;
import dev.telltale.Scope;
import dev.telltale.ScopeHandle;
import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.event.RequestInfo;
import dev.telltale.integration.Diagnostics;
import dev.telltale.integration.SessionJourneys;
import dev.telltale.integration.Strings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the filter does, once for both servlet namespaces: a scope per request (kept across the
 * threads of an asynchronous request), the request breadcrumb and context, the session's journey,
 * and the capture of what went wrong. Nothing here throws into the application: every failure of
 * Telltale's own is swallowed after one diagnostic line.
 */
public final class RequestTracker {
    /** Request attribute holding the {@link RequestState}; also marks a request already being tracked. */
    public static final String STATE_ATTRIBUTE = "dev.telltale.servlet.RequestState";
    /** Mechanism of every event this filter captures. */
    public static final String MECHANISM = "servlet";

    private static final int MAX_HEADERS = 64;
    private static final int MAX_HEADER_CHARS = 1024;
    private static final int MAX_URL_CHARS = 4096;
    private static final Diagnostics DIAGNOSTICS = new Diagnostics(false);
    /** Causes looked at when deciding whether an exception is a client abort (a cycle must not loop). */
    private static final int MAX_CAUSES = 8;

    private static final AtomicLong CLIENT_ABORTS = new AtomicLong();

    private final TelltaleClient fixedClient;
    private final FilterSettings settings;
    /** The journeys of the application this filter serves, found once (one filter instance, one application). */
    private volatile Object[] cachedJourneys; // {application, journeys}: one read sees a consistent pair

    /**
     * @param client   the client to report to, or null for whatever {@link Telltale#client()} is at each request
     * @param settings the filter's switches
     */
    public RequestTracker(TelltaleClient client, FilterSettings settings) {
        this.fixedClient = client;
        this.settings = settings == null ? FilterSettings.defaults() : settings;
    }

    public FilterSettings settings() {
        return settings;
    }

    /**
     * Called before the chain runs. Returns null when the chain should just run untouched: Telltale
     * is off, or this request is already tracked on this thread (the filter registered twice, a
     * forward or include).
     */
    public Pass enter(Exchange ex) {
        try {
            TelltaleClient client = fixedClient != null ? fixedClient : Telltale.client();
            if (!client.isEnabled()) {
                return null;
            }
            Object existing = ex.attribute(STATE_ATTRIBUTE);
            if (existing instanceof RequestState) {
                RequestState st = (RequestState) existing;
                if (st.owner == Thread.currentThread()) {
                    return null;
                }
                // A later dispatch of the same request (async or error): it continues in the request's scope.
                ScopeHandle h = st.client.activate(st.scope);
                st.owner = Thread.currentThread();
                return new Pass(this, st, h, ex);
            }
            return start(client, ex);
        } catch (Throwable t) {
            failure("could not start tracking a request", t);
            return null;
        }
    }

    private Pass start(TelltaleClient client, Exchange ex) {
        long now = System.currentTimeMillis();
        ScopeHandle h = client.pushScope();
        try {
            Scope scope = h.scope();
            RequestInfo info = requestInfo(ex, client.settings().sendDefaultPii());
            scope.setRequest(info);
            SessionJourneys journeys = journeys(ex.application());
            String sessionId = ex.sessionId();
            journeys.begin(scope, sessionId, ex.sessionCreatedAt(), now);
            scope.addBreadcrumb(Breadcrumb.builder()
                    .type("navigation")
                    .category("request")
                    .message(info.method() + " " + info.route())
                    .build()); // asked of the request once
            RequestState st = new RequestState(client, scope, journeys, sessionId);
            st.owner = Thread.currentThread();
            ex.setAttribute(STATE_ATTRIBUTE, st);
            return new Pass(this, st, h, ex);
        } catch (Throwable t) {
            h.close();
            throw t;
        }
    }

    private SessionJourneys journeys(Object application) {
        Object[] cached = cachedJourneys;
        if (cached != null && cached[0] == application) {
            return (SessionJourneys) cached[1];
        }
        SessionJourneys j =
                SessionJourneys.of(application, settings.journeyMaxSessions(), settings.journeyMaxActions());
        cachedJourneys = new Object[] {application, j};
        return j;
    }

    static RequestInfo requestInfo(Exchange ex, boolean sendDefaultPii) {
        RequestInfo.Builder b = RequestInfo.builder()
                .method(Strings.clean(ex.method(), 32))
                .url(Strings.clean(ex.requestUrl(), MAX_URL_CHARS))
                .queryString(Strings.clean(ex.queryString(), MAX_URL_CHARS))
                .route(Strings.clean(ex.path(), MAX_URL_CHARS));
        for (Map.Entry<String, String> h : ex.headers(MAX_HEADERS).entrySet()) {
            b.header(h.getKey(), Strings.clean(h.getValue(), MAX_HEADER_CHARS));
        }
        if (sendDefaultPii) {
            // Personal data: collected only when the application allowed it.
            b.clientAddress(ex.remoteAddress()).userPrincipal(ex.principalName());
        }
        return b.build();
    }

    /**
     * Runs {@code task} in the scope of the request it belongs to: for the part of an asynchronous
     * request that continues on another thread. Exceptions escaping the task are reported and rethrown.
     */
    public static Runnable wrap(Object stateAttribute, final Runnable task) {
        if (!(stateAttribute instanceof RequestState) || task == null) {
            return task;
        }
        final RequestState st = (RequestState) stateAttribute;
        return new Runnable() {
            @Override
            public void run() {
                ScopeHandle h = activate(st);
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    st.report(e);
                    throw e;
                } finally {
                    close(h);
                }
            }
        };
    }

    void finish(RequestState st, Exchange ex) {
        if (!st.finished.compareAndSet(false, true)) {
            return;
        }
        ScopeHandle h = activate(st);
        try {
            if (!st.reported) {
                Throwable error = ex.errorException();
                if (error != null) {
                    st.report(error);
                } else if (settings.captureServerErrors()) {
                    int status = ex.status();
                    if (status >= 500) {
                        st.reported = true;
                        st.client.capture(Capture.message(
                                        "HTTP " + status + " " + Strings.orEmpty(ex.method()) + " "
                                                + Strings.orEmpty(ex.path()),
                                        Level.ERROR)
                                .mechanism(MECHANISM, true));
                    }
                }
            }
            remember(st, ex);
        } catch (Throwable t) {
            failure("could not finish a request", t);
        } finally {
            close(h);
        }
    }

    /** Adds this request's actions to its session's journey. */
    private static void remember(RequestState st, Exchange ex) {
        st.journeys.end(
                st.scope,
                st.sessionIdAtStart,
                ex.sessionId(),
                ex.sessionCreatedAt(),
                ex.sessionMaxInactiveSeconds(),
                System.currentTimeMillis());
    }

    static ScopeHandle activate(RequestState st) {
        try {
            return st.client.activate(st.scope);
        } catch (Throwable t) {
            failure("could not activate a request's scope", t);
            return null;
        }
    }

    static void close(ScopeHandle h) {
        if (h != null) {
            h.close();
        }
    }

    /**
     * Exceptions escaping the chain (or left in the error attribute) because the client closed the
     * connection while the response was being written, not reported since the filter was loaded.
     */
    public static long clientAborts() {
        return CLIENT_ABORTS.get();
    }

    /**
     * A client that closed its connection (browser navigated away, load balancer or benchmark
     * client hung up) is not a failure of the application: containers report it as these
     * exceptions, possibly wrapped (a ServletException, Jetty 9's RuntimeIOException). Matched by
     * name, since the filter depends on no container. A bare "Broken pipe" or "Connection reset"
     * IOException is not matched: it may as well come from the application's own call to a backend.
     */
    static boolean isClientAbort(Throwable t) {
        try {
            return clientAbortIn(t);
        } catch (Throwable hostile) {
            // an application exception whose getMessage or getCause throws: report it as it is
            return false;
        }
    }

    private static boolean clientAbortIn(Throwable t) {
        Throwable c = t;
        for (int i = 0; c != null && i < MAX_CAUSES; i++) {
            String name = c.getClass().getName();
            if (name.equals("org.eclipse.jetty.io.EofException")
                    || name.equals("org.apache.catalina.connector.ClientAbortException")) {
                return true;
            }
            Throwable next = c.getCause();
            c = next == c ? null : next;
        }
        return false;
    }

    static void failure(String what, Throwable t) {
        DIAGNOSTICS.warnOnce(
                "servlet:" + what,
                "servlet filter: " + what + ": " + t.getClass().getName() + " (reported once)");
    }

    /** One tracked request, across all its dispatches and threads. */
    static final class RequestState {
        final TelltaleClient client;
        final Scope scope;
        final SessionJourneys journeys;
        final String sessionIdAtStart;
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        /** The thread running a dispatch of this request through the filter, else null. */
        volatile Thread owner;
        /** Something was reported for this request: later checks (error attribute, status) stay quiet. */
        volatile boolean reported;

        RequestState(TelltaleClient client, Scope scope, SessionJourneys journeys, String sessionIdAtStart) {
            this.client = client;
            this.scope = scope;
            this.journeys = journeys;
            this.sessionIdAtStart = sessionIdAtStart;
        }

        /**
         * Reports an exception that ended the request (unhandled), unless one was reported already
         * or it only says that the client went away.
         */
        void report(Throwable t) {
            if (reported || t == null) {
                return;
            }
            if (isClientAbort(t)) {
                CLIENT_ABORTS.incrementAndGet();
                return;
            }
            reported = true;
            try {
                client.capture(Capture.exception(t).mechanism(MECHANISM, false));
            } catch (Throwable e) {
                failure("could not capture", e);
            }
        }
    }

    /** One dispatch of a request through the filter: {@link #failed} when the chain threw, {@link #exit} always. */
    public static final class Pass {
        private final RequestTracker tracker;
        private final RequestState state;
        private final ScopeHandle handle;
        private final Exchange ex;

        Pass(RequestTracker tracker, RequestState state, ScopeHandle handle, Exchange ex) {
            this.tracker = tracker;
            this.state = state;
            this.handle = handle;
            this.ex = ex;
        }

        /** The chain threw {@code t}; the caller rethrows it unchanged. */
        public void failed(Throwable t) {
            state.report(t);
        }

        /** The chain returned or threw: finish now, or when the asynchronous request completes. */
        public void exit() {
            try {
                boolean async = false;
                try {
                    if (ex.isAsyncStarted()) {
                        ex.onAsyncEvents(new Listener(tracker, state, ex));
                        async = true;
                    }
                } catch (IllegalStateException alreadyOver) {
                    async = false;
                }
                if (!async) {
                    tracker.finish(state, ex);
                }
            } catch (Throwable t) {
                failure("could not end a request", t);
            } finally {
                state.owner = null;
                close(handle);
            }
        }
    }

    private static final class Listener implements AsyncEvents {
        private final RequestTracker tracker;
        private final RequestState state;
        private final Exchange ex;

        Listener(RequestTracker tracker, RequestState state, Exchange ex) {
            this.tracker = tracker;
            this.state = state;
            this.ex = ex;
        }

        @Override
        public void onComplete() {
            tracker.finish(state, ex);
        }

        @Override
        public void onError(Throwable error) {
            ScopeHandle h = activate(state);
            try {
                state.report(error);
            } finally {
                close(h);
            }
        }

        @Override
        public void onTimeout() {
            try {
                state.scope.addBreadcrumb(Breadcrumb.builder()
                        .type("error")
                        .category("request")
                        .level(Level.WARNING)
                        .message("asynchronous request timed out")
                        .build());
            } catch (Throwable t) {
                failure("could not note a timeout", t);
            }
        }
    }
}
