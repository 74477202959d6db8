package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import net.bytebuddy.asm.Advice;

/**
 * On {@code Filter.doFilter} and {@code Servlet.service}: the outermost one opens a request scope
 * (so breadcrumbs and tasks of the request stay with it) with the session's journey; an exception
 * escaping is reported with the request, unless the application's own Telltale filter tracks the
 * request: it reports that exception itself (it marks the request with an attribute). On the way
 * out the request's breadcrumbs join its session's journey.
 *
 * <p>Written once, against {@code javax.servlet}: the jakarta hook uses this class file with
 * {@code javax/servlet/} renamed ({@code ServletHook}). Only plain values cross to the bridge.
 */
public final class JavaxServletAdvice {
    private JavaxServletAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object request) {
        // Only the outermost filter pays for the request details (getRequestURL allocates). Headers as
        // the container has them (at most 64); the core removes the sensitive ones unless send-default-pii.
        if (TelltaleBridge.inRequest() || !(request instanceof HttpServletRequest)) {
            return TelltaleBridge.requestEnter(null, null, null, null, null, null, null, 0L);
        }
        HttpServletRequest r = (HttpServletRequest) request;
        String[] headers = TelltaleBridge.headerSlots(r.getHeaderNames());
        for (int i = 0; i < headers.length; i += 2) {
            headers[i + 1] = r.getHeader(headers[i]);
        }
        HttpSession session = r.getSession(false); // never creates one
        Object application = null;
        try {
            application = r.getServletContext();
        } catch (Throwable servlet25) {
            // Servlet 2.5 has no getServletContext on the request: the request, without a journey
        }
        return TelltaleBridge.requestEnter(
                r.getMethod(),
                r.getRequestURL(),
                r.getQueryString(),
                headers,
                TelltaleBridge.personalData() ? r.getRemoteAddr() : null,
                application,
                session == null ? null : session.getId(),
                session == null ? 0L : session.getCreationTime());
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object handle, @Advice.Argument(0) Object request, @Advice.Thrown Throwable error) {
        // Looked up only when something escaped, or once per request for the session: a nested
        // filter's successful pass pays nothing.
        boolean appReports = false;
        String sessionId = null;
        long createdAt = 0L;
        int maxInactive = 0;
        try {
            appReports = error != null
                    && ((ServletRequest) request).getAttribute(TelltaleBridge.APP_REQUEST_ATTRIBUTE) != null;
            HttpSession session = TelltaleBridge.outermost(handle) && request instanceof HttpServletRequest
                    ? ((HttpServletRequest) request).getSession(false)
                    : null;
            if (session != null) {
                createdAt = session.getCreationTime();
                maxInactive = session.getMaxInactiveInterval();
                sessionId = session.getId();
            }
        } catch (Throwable unknown) {
            // an invalidated session, a container that refuses: the request scope below must close in any case
        }
        TelltaleBridge.requestExit(handle, error, appReports, sessionId, createdAt, maxInactive);
    }
}
