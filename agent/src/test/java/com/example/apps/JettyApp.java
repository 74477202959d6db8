package com.example.apps;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An embedded Jetty with servlets and no Telltale filter; calls itself over loopback. */
public final class JettyApp {
    private static final Logger LOG = LoggerFactory.getLogger("com.example.web.Orders");
    static final ExecutorService POOL = Executors.newFixedThreadPool(1);

    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            LOG.info("validating order form");
            throw new IllegalStateException("boom-servlet");
        }
    }

    public static final class BackgroundServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            LOG.info("request breadcrumb " + req.getParameter("order"));
            if ("fail".equals(req.getParameter("task"))) {
                POOL.submit(() -> {
                    throw new IllegalStateException("boom-background-task");
                });
            }
            if ("raw".equals(req.getParameter("task"))) {
                POOL.execute(() -> {
                    throw new IllegalStateException("boom-raw-execute");
                });
            }
            resp.getWriter().write("accepted");
        }
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(FailingServlet.class, "/orders");
        context.addServlet(BackgroundServlet.class, "/background");
        server.setHandler(context);
        server.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        try {
            System.out.println("POST /orders -> " + call(base + "/orders?id=7", "POST"));
            System.out.println("GET other -> " + call(base + "/background?order=other", "GET"));
            System.out.println("GET task -> " + call(base + "/background?order=mine&task=fail", "GET"));
            System.out.println("GET raw -> " + call(base + "/background?order=raw&task=raw", "GET"));
            Thread.sleep(200);
        } finally {
            POOL.shutdown();
            server.stop();
        }
    }

    private static int call(String url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("X-Request-Id", "req-" + method);
        c.setRequestProperty("Authorization", "Bearer secret-token-123");
        int code = c.getResponseCode();
        c.disconnect();
        return code;
    }
}
