package dev.telltale.agent.advice;

import dev.telltale.agent.bootstrap.TelltaleBridge;
import net.bytebuddy.asm.Advice;

import javax.servlet.http.HttpServletRequest;

/**
 * On {@code javax.servlet} {@code Filter.doFilter} and {@code Servlet.service}: the outermost one
 * opens a request scope (so breadcrumbs and tasks of the request stay with it); an exception
 * escaping is reported with the request.
 */
public final class JavaxServletAdvice {
    private JavaxServletAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object request) {
        // Only the outermost filter pays for the request details (getRequestURL allocates).
        if (!TelltaleBridge.inRequest() && request instanceof HttpServletRequest) {
            HttpServletRequest r = (HttpServletRequest) request;
            return TelltaleBridge.requestEnter(r.getMethod(), String.valueOf(r.getRequestURL()), r.getQueryString());
        }
        return TelltaleBridge.requestEnter(null, null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object handle, @Advice.Thrown Throwable error) {
        TelltaleBridge.requestExit(handle, error);
    }
}
