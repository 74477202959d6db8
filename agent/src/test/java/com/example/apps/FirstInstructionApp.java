package com.example.apps;

import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.slf4j.LoggerFactory;

/**
 * Every kind of error the agent promises, from the first instruction of main, with nothing waited
 * for: run under the bare flag ({@code -javaagent:telltale-agent.jar}, no arguments).
 */
public final class FirstInstructionApp {
    public static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("first-servlet");
        }
    }

    public static void main(String[] args) throws Exception {
        Thread own = new Thread(
                () -> {
                    throw new IllegalStateException("first-own-handler");
                },
                "t-first-own");
        own.setUncaughtExceptionHandler((t, e) -> System.out.println("own handler saw " + e.getMessage()));
        own.start();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> kept = pool.submit(() -> {
            throw new IllegalStateException("first-task-unobserved");
        });
        CompletableFuture<?> cf = CompletableFuture.runAsync(() -> {
            throw new IllegalStateException("first-cf-unobserved");
        });
        pool.execute(() -> {
            throw new IllegalStateException("first-raw-execute");
        });
        LoggerFactory.getLogger("com.example.apps.Boot")
                .error("migration failed", new IllegalStateException("first-logged"));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(FailingServlet.class, "/first");
        server.setHandler(context);
        server.start();
        try {
            HttpURLConnection c = (HttpURLConnection)
                    new URL("http://127.0.0.1:" + connector.getLocalPort() + "/first").openConnection();
            System.out.println("GET /first -> " + c.getResponseCode());
            c.disconnect();
        } finally {
            server.stop();
        }
        own.join();
        pool.shutdown();
        System.out.println("kept until exit " + kept.isDone() + " " + cf.isDone());
    }
}
