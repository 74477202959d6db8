package com.example.apps;

import dev.telltale.Telltale;
import dev.telltale.TelltaleOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.EnumSet;

/**
 * A jakarta application in an embedded Jetty 12 (ee10) that registers Telltale's own filter by
 * hand and runs its own Telltale (events to args[0]), under the agent. Jetty 12 is driven by
 * reflection: its classes only exist on this application's class path, not the tests'.
 */
public final class OwnFilterJakartaApp {
    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom-jakarta-own-filter");
        }
    }

    /** Runs before Telltale's filter: what it throws never passes that filter. */
    public static final class GateFilter implements Filter {
        @Override
        public void init(FilterConfig config) {}

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) {
            throw new IllegalStateException("boom-jakarta-gate");
        }

        @Override
        public void destroy() {}
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        Telltale.init(TelltaleOptions.builder().destinations("file:" + args[0]).build());
        Class<?> serverType = Class.forName("org.eclipse.jetty.server.Server");
        Class<?> connectorType = Class.forName("org.eclipse.jetty.server.ServerConnector");
        Class<?> handlerType = Class.forName("org.eclipse.jetty.server.Handler");
        Class<?> contextType = Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextHandler");
        Class<? extends Enum> dispatch = (Class<? extends Enum>) Class.forName("jakarta.servlet.DispatcherType");
        Object server = serverType.getConstructor().newInstance();
        Object connector = connectorType.getConstructor(serverType).newInstance(server);
        connectorType.getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
        connectorType.getMethod("setPort", int.class).invoke(connector, 0);
        serverType
                .getMethod("addConnector", Class.forName("org.eclipse.jetty.server.Connector"))
                .invoke(server, connector);
        Object context = contextType.getConstructor().newInstance();
        java.lang.reflect.Method addFilter =
                contextType.getMethod("addFilter", Class.class, String.class, EnumSet.class);
        addFilter.invoke(context, GateFilter.class, "/gate", EnumSet.of(Enum.valueOf(dispatch, "REQUEST")));
        addFilter.invoke(
                context,
                dev.telltale.servlet.jakarta.TelltaleFilter.class,
                "/*",
                EnumSet.of(Enum.valueOf(dispatch, "REQUEST"), Enum.valueOf(dispatch, "ERROR")));
        contextType.getMethod("addServlet", Class.class, String.class).invoke(context, FailingServlet.class, "/items");
        contextType.getMethod("addServlet", Class.class, String.class).invoke(context, FailingServlet.class, "/gate");
        serverType.getMethod("setHandler", handlerType).invoke(server, context);
        serverType.getMethod("start").invoke(server);
        try {
            int port = (Integer) connectorType.getMethod("getLocalPort").invoke(connector);
            System.out.println("GET /items -> " + get("http://127.0.0.1:" + port + "/items?page=2"));
            System.out.println("GET /gate -> " + get("http://127.0.0.1:" + port + "/gate"));
        } finally {
            serverType.getMethod("stop").invoke(server);
            Telltale.close();
        }
    }

    private static int get(String url) throws java.io.IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }
}
