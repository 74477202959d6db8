package dev.telltale.servlet.javax;
// Written once for both servlet namespaces: the build derives the jakarta copy from this file (see pom.xml).

import dev.telltale.servlet.internal.AsyncEvents;
import dev.telltale.servlet.internal.Exchange;
import dev.telltale.servlet.internal.Exchanges;
import java.security.Principal;
import java.util.Map;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/** A {@code javax.servlet} request and response seen as an {@link Exchange}. */
final class JavaxExchange implements Exchange {
    static final String ERROR_EXCEPTION = "javax.servlet.error.exception";

    private final HttpServletRequest req;
    private final HttpServletResponse res;

    JavaxExchange(HttpServletRequest req, HttpServletResponse res) {
        this.req = req;
        this.res = res;
    }

    @Override
    public String method() {
        return req.getMethod();
    }

    @Override
    public String requestUrl() {
        StringBuffer url = req.getRequestURL();
        return url == null ? "" : url.toString();
    }

    @Override
    public String queryString() {
        return req.getQueryString();
    }

    @Override
    public String path() {
        return Exchanges.path(req.getServletPath(), req.getPathInfo());
    }

    @Override
    public Map<String, String> headers(int max) {
        return Exchanges.headers(req.getHeaderNames(), req::getHeaders, max);
    }

    @Override
    public String remoteAddress() {
        return req.getRemoteAddr();
    }

    @Override
    public String principalName() {
        Principal p = req.getUserPrincipal();
        return p == null ? null : p.getName();
    }

    @Override
    public Object attribute(String name) {
        return req.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        req.setAttribute(name, value);
    }

    @Override
    public Throwable errorException() {
        Object e = req.getAttribute(ERROR_EXCEPTION);
        return e instanceof Throwable ? (Throwable) e : null;
    }

    @Override
    public int status() {
        return res.getStatus();
    }

    @Override
    public boolean isAsyncStarted() {
        return req.isAsyncStarted();
    }

    @Override
    public void onAsyncEvents(final AsyncEvents events) {
        req.getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                events.onComplete();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                events.onTimeout();
            }

            @Override
            public void onError(AsyncEvent event) {
                events.onError(event.getThrowable());
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // a new cycle: the filter adds its listener again when that dispatch ends
            }
        });
    }

    @Override
    public String sessionId() {
        HttpSession s = req.getSession(false);
        return s == null ? null : s.getId();
    }

    @Override
    public long sessionCreatedAt() {
        HttpSession s = req.getSession(false);
        try {
            return s == null ? 0L : s.getCreationTime();
        } catch (IllegalStateException invalidated) {
            return 0L;
        }
    }

    @Override
    public int sessionMaxInactiveSeconds() {
        HttpSession s = req.getSession(false);
        return s == null ? 0 : s.getMaxInactiveInterval();
    }

    @Override
    public Object application() {
        return req.getServletContext();
    }
}
