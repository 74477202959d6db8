package dev.telltale.servlet.javax;
// Written once for both servlet namespaces: the build derives the jakarta copy from this file (see pom.xml).

import dev.telltale.Telltale;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.AsyncContext;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The application under test: one servlet whose paths behave as the contract tests need. */
public final class AppServlet extends HttpServlet {
    static final String ERROR_EXCEPTION = "javax.servlet.error.exception";
    /** The last exception thrown by {@code /boom}, to check it leaves the filter unchanged. */
    public static final AtomicReference<Throwable> THROWN = new AtomicReference<>();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() != null ? req.getPathInfo() : req.getServletPath();
        String id = req.getParameter("id");
        switch (path) {
            case "/ok":
                Telltale.addBreadcrumb("app", "viewed " + req.getParameter("step"));
                resp.getWriter().write("ok");
                return;
            case "/login":
                req.getSession(true);
                Telltale.addBreadcrumb("app", "logged in");
                resp.getWriter().write("welcome");
                return;
            case "/signin":
                req.changeSessionId(); // session-fixation protection, as containers and frameworks do on login
                Telltale.addBreadcrumb("app", "signed in");
                resp.getWriter().write("signed in");
                return;
            case "/boom": {
                Telltale.addBreadcrumb("app", "loading order " + id);
                IllegalStateException e = new IllegalStateException("order " + id + " broken");
                THROWN.set(e);
                throw e;
            }
            case "/handled":
                req.setAttribute(ERROR_EXCEPTION, new IllegalArgumentException("bad order " + id));
                resp.setStatus(500);
                resp.getWriter().write("handled");
                return;
            case "/status":
                resp.setStatus(503);
                resp.getWriter().write("unavailable");
                return;
            case "/async": {
                AsyncContext ac = req.startAsync();
                req.setAttribute("test.id", id);
                ac.start(TelltaleFilter.wrap(req, () -> {
                    Telltale.addBreadcrumb("app", "async work " + id);
                    ac.dispatch("/async-fail");
                }));
                return;
            }
            case "/async-fail": {
                Object aid = req.getAttribute("test.id");
                Telltale.addBreadcrumb("app", "async dispatch " + aid);
                throw new IllegalStateException("async order " + aid + " broken");
            }
            case "/async-attr": {
                AsyncContext ac = req.startAsync();
                Thread worker = new Thread(
                        TelltaleFilter.wrap(req, () -> {
                            Telltale.addBreadcrumb("app", "background work " + id);
                            req.setAttribute(
                                    ERROR_EXCEPTION, new IllegalStateException("background order " + id + " broken"));
                            ((HttpServletResponse) ac.getResponse()).setStatus(500);
                            ac.complete();
                        }),
                        "app-background");
                worker.start();
                return;
            }
            default:
                resp.setStatus(404);
        }
    }

    /** An application filter outside Telltale's: sees what leaves the Telltale filter. */
    public static final class OuterFilter implements Filter {
        public static final AtomicReference<Throwable> CAUGHT = new AtomicReference<>();

        @Override
        public void init(FilterConfig config) {}

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(req, res);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                CAUGHT.set(e);
                throw e;
            }
        }

        @Override
        public void destroy() {}
    }
}
