package dev.telltale.servlet.jakarta;

import dev.telltale.servlet.ContainerContract;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The contract in embedded Jetty 12 (ee10, {@code jakarta.servlet} 6.0), a web application as Jetty deploys it. */
class JettyJakartaTest extends ContainerContract {
    @Override
    protected Running start(Registration registration, Path workDir) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // A WebAppContext with jetty-ee10-annotations present discovers container initializers.
        WebAppContext ctx = new WebAppContext();
        ctx.setContextPath("/");
        ctx.setBaseResourceAsPath(Files.createDirectories(workDir.resolve("webapp")));
        ctx.setParentLoaderPriority(true);
        if (!registration.auto) {
            ctx.setInitParameter("telltale.servlet.auto-register", "false");
        }
        ServletHolder app = new ServletHolder("app", new AppServlet());
        app.setAsyncSupported(true);
        ctx.addServlet(app, "/*");
        if (registration.manual) {
            addFilter(ctx, "outer", new AppServlet.OuterFilter(), Map.of());
            addFilter(ctx, "manual-telltale", new TelltaleFilter(), registration.manualInitParams);
        }
        server.setHandler(ctx);
        server.start();
        return Running.of(connector.getLocalPort(), server::stop);
    }

    private static void addFilter(
            WebAppContext ctx, String name, jakarta.servlet.Filter filter, Map<String, String> params) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        holder.setAsyncSupported(true);
        params.forEach(holder::setInitParameter);
        ctx.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    }

    @Override
    protected Throwable lastThrown() {
        return AppServlet.THROWN.get();
    }

    @Override
    protected Throwable outerCaught() {
        return AppServlet.OuterFilter.CAUGHT.get();
    }
}
