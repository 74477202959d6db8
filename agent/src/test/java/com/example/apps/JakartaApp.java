package com.example.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * A jakarta servlet in an embedded Jetty 12 (ee10), no Telltale filter; a login page opens a
 * session, then the failing page is asked in it. Jetty 12 is started by reflection: its classes
 * only exist on this application's own class path, not the tests'.
 */
public final class JakartaApp {
    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom-jakarta");
        }
    }

    public static final class LoginServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            req.getSession(true).setAttribute("user", "ann");
        }
    }

    public static void main(String[] args) throws Exception {
        Class<?> serverType = Class.forName("org.eclipse.jetty.server.Server");
        Class<?> connectorType = Class.forName("org.eclipse.jetty.server.ServerConnector");
        Class<?> handlerType = Class.forName("org.eclipse.jetty.server.Handler");
        Class<?> contextType = Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextHandler");
        Object server = serverType.getConstructor().newInstance();
        Object connector = connectorType.getConstructor(serverType).newInstance(server);
        connectorType.getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
        connectorType.getMethod("setPort", int.class).invoke(connector, 0);
        serverType
                .getMethod("addConnector", Class.forName("org.eclipse.jetty.server.Connector"))
                .invoke(server, connector);
        Object context = contextType
                .getConstructor(int.class)
                .newInstance(contextType.getField("SESSIONS").getInt(null));
        contextType.getMethod("addServlet", Class.class, String.class).invoke(context, FailingServlet.class, "/items");
        contextType.getMethod("addServlet", Class.class, String.class).invoke(context, LoginServlet.class, "/login");
        serverType.getMethod("setHandler", handlerType).invoke(server, context);
        serverType.getMethod("start").invoke(server);
        try {
            int port = (Integer) connectorType.getMethod("getLocalPort").invoke(connector);
            HttpURLConnection login =
                    (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/login").openConnection();
            System.out.println("GET /login -> " + login.getResponseCode());
            String cookie = login.getHeaderField("Set-Cookie");
            login.disconnect();
            HttpURLConnection c =
                    (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/items?page=2").openConnection();
            if (cookie != null) {
                c.setRequestProperty("Cookie", cookie.split(";", 2)[0]);
            }
            System.out.println("GET /items -> " + c.getResponseCode());
            c.disconnect();
        } finally {
            serverType.getMethod("stop").invoke(server);
        }
    }
}
