package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * On {@code jakarta.servlet} {@code Filter.doFilter} and {@code Servlet.service}: the outermost one
 * opens a request scope (so breadcrumbs and tasks of the request stay with it); an exception
 * escaping is reported with the request, unless the application's own Telltale filter tracks the
 * request: it reports that exception itself (it marks the request with an attribute).
 */
public final class JakartaServletAdvice {
    private JakartaServletAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object request) {
        // Only the outermost filter pays for the request details (getRequestURL allocates). Headers as
        // the container has them (bounded); the core removes the sensitive ones unless send-default-pii.
        if (!TelltaleBridge.inRequest() && request instanceof HttpServletRequest) {
            HttpServletRequest r = (HttpServletRequest) request;
            java.util.Map<String, String> headers = null;
            java.util.Enumeration<String> names = r.getHeaderNames();
            if (names != null && names.hasMoreElements()) {
                headers = new java.util.LinkedHashMap<String, String>();
                while (names.hasMoreElements() && headers.size() < 64) {
                    String name = names.nextElement();
                    headers.put(name, r.getHeader(name));
                }
            }
            return TelltaleBridge.requestEnter(r.getMethod(), String.valueOf(r.getRequestURL()), r.getQueryString(),
                    headers, TelltaleBridge.personalData() ? r.getRemoteAddr() : null);
        }
        return TelltaleBridge.requestEnter(null, null, null, null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object handle, @Advice.Argument(0) Object request, @Advice.Thrown Throwable error) {
        // Looked up only when something escaped: the common, successful request pays nothing.
        boolean appReports = false;
        if (error != null && request instanceof ServletRequest) {
            try {
                appReports = ((ServletRequest) request).getAttribute(TelltaleBridge.APP_REQUEST_ATTRIBUTE) != null;
            } catch (Throwable ignored) {
                // unknown: report it; the request scope below must close in any case
            }
        }
        TelltaleBridge.requestExit(handle, error, appReports);
    }
}
