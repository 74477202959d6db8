package com.example.apps;

import dev.telltale.Telltale;
import dev.telltale.TelltaleOptions;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;

/**
 * An embedded Jetty 9 (javax) that registers Telltale's own filter by hand and runs its own
 * Telltale (events to args[0]), under the agent. A filter in front of Telltale's fails on /gate.
 */
public final class OwnFilterApp {
    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom-javax-own-filter");
        }
    }

    /** Runs before Telltale's filter: what it throws never passes that filter. */
    public static final class GateFilter implements Filter {
        @Override
        public void init(FilterConfig config) {}

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) {
            throw new IllegalStateException("boom-javax-gate");
        }

        @Override
        public void destroy() {}
    }

    public static void main(String[] args) throws Exception {
        Telltale.init(TelltaleOptions.builder().destinations("file:" + args[0]).build());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(GateFilter.class, "/gate", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(
                new FilterHolder(new dev.telltale.servlet.javax.TelltaleFilter()),
                "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
        context.addServlet(FailingServlet.class, "/orders");
        context.addServlet(FailingServlet.class, "/gate");
        server.setHandler(context);
        server.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        try {
            System.out.println("POST /orders -> " + post(base + "/orders?id=7"));
            System.out.println("POST /gate -> " + post(base + "/gate"));
        } finally {
            server.stop();
            Telltale.close();
        }
    }

    static int post(String url) throws java.io.IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }
}
