package com.example.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.HttpURLConnection;
import java.net.URL;

/**
 * A jakarta servlet in an embedded Jetty 12 (ee10), no Telltale filter. Jetty 12 is started by
 * reflection: its classes only exist on this application's own class path, not the tests'.
 */
public final class JakartaApp {
    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom-jakarta");
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
        serverType.getMethod("addConnector", Class.forName("org.eclipse.jetty.server.Connector")).invoke(server, connector);
        Object context = contextType.getConstructor().newInstance();
        contextType.getMethod("addServlet", Class.class, String.class).invoke(context, FailingServlet.class, "/items");
        serverType.getMethod("setHandler", handlerType).invoke(server, context);
        serverType.getMethod("start").invoke(server);
        try {
            int port = (Integer) connectorType.getMethod("getLocalPort").invoke(connector);
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/items?page=2").openConnection();
            System.out.println("GET /items -> " + c.getResponseCode());
            c.disconnect();
        } finally {
            serverType.getMethod("stop").invoke(server);
        }
    }
}
