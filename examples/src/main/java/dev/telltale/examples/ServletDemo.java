package dev.telltale.examples;

import dev.telltale.Telltale;
import dev.telltale.TelltaleClient;
import dev.telltale.TelltaleOptions;
import dev.telltale.servlet.jakarta.TelltaleFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet demo: a tiny shop in embedded Jetty 12 with Telltale's filter in front. A scripted
 * visitor logs in, browses and checks out; checkout fails, and the event carries the request and
 * the visitor's journey through the session. Events land in ./telltale-events unless
 * TELLTALE_DESTINATIONS says otherwise. With {@code -Dservlet.demo.serve=true} the shop keeps
 * running on {@code servlet.demo.port} (default 8080) for a browser.
 */
public final class ServletDemo {
    public static void main(String[] args) throws Exception {
        TelltaleClient client = Telltale.init(TelltaleOptions.builder()
                .release(System.getProperty("telltale.release", "demo-shop@1.0.0"))
                .inAppPackages("dev.telltale.examples")
                .build());
        System.out.println("Telltale destinations: " + client.destinationNames());

        quietJetty();
        boolean serve = Boolean.getBoolean("servlet.demo.serve");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(serve ? Integer.getInteger("servlet.demo.port", 8080) : 0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        // Embedded containers do not run initializers from the class path: register the filter by hand.
        context.addFilter(
                new FilterHolder(new TelltaleFilter()),
                "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
        context.addServlet(new ServletHolder(new ShopServlet()), "/*");
        server.setHandler(context);
        server.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort();

        if (serve) {
            System.out.println(
                    "Shop running at " + base + "/login, /catalog, /cart/add?sku=SKU-7, /checkout; Ctrl-C stops it");
            server.join();
            return;
        }
        HttpClient visitor =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        for (String path :
                new String[] {"/login", "/catalog", "/cart/add?sku=SKU-7", "/checkout?coupon=SPRING&token=s3cr3t"}) {
            HttpResponse<String> r = visitor.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("GET " + path + " -> " + r.statusCode());
        }
        Telltale.flush(5_000);
        System.out.println("Telltale: " + Telltale.stats());
        server.stop();
        Telltale.close();
    }

    /** Logback (on this module's class path for another demo) would print Jetty's debug lines by default. */
    private static void quietJetty() {
        if (org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty") instanceof ch.qos.logback.classic.Logger jetty) {
            jetty.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    /** The shop: every page leaves a breadcrumb; checkout fails in the payment gateway. */
    static final class ShopServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
            switch (path) {
                case "/login":
                    req.getSession(true).setAttribute("user", "ann");
                    Telltale.addBreadcrumb("auth", "ann logged in");
                    break;
                case "/catalog":
                    Telltale.addBreadcrumb("catalog", "viewed 24 products");
                    break;
                case "/cart/add":
                    Telltale.addBreadcrumb("cart", "added " + req.getParameter("sku"));
                    break;
                case "/checkout":
                    Telltale.addBreadcrumb("checkout", "charging 19.99 EUR");
                    throw new IllegalStateException(
                            "payment gateway refused the charge",
                            new java.net.SocketTimeoutException("gateway did not answer within 3000 ms"));
                default:
                    resp.setStatus(404);
                    return;
            }
            resp.setContentType("text/plain");
            resp.getWriter().println("ok " + path);
        }
    }
}
