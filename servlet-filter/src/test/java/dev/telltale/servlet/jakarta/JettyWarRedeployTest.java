package dev.telltale.servlet.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.war.jakarta.ShopServlet;
import dev.telltale.servlet.WarFixture;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAR in Jetty 12 whose web.xml declares the filter and nothing else: Telltale (its own copy in
 * the web application's class loader, configured by {@code WEB-INF/classes/telltale.properties})
 * is started by the filter, reports one event per failed request with the session's journey and
 * the application's frames in-app, and is closed when the application is undeployed: no thread
 * and no class loader survive a redeploy, while the server keeps running.
 */
class JettyWarRedeployTest {
    @TempDir
    Path tmp;

    @Test
    void filterAloneStartsTelltaleReportsAndLeavesNothingBehindOnRedeploy() throws Exception {
        WarFixture war = WarFixture.build(
                tmp,
                ShopServlet.class,
                TelltaleFilter.class,
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">");
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // An idle keep-alive connection holds its last request, and so the undeployed context: close it soon.
        connector.setIdleTimeout(1_000);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
        try {
            int port = connector.getLocalPort();
            WeakReference<ClassLoader> first = deployRunUndeploy(contexts, war, port, 1);
            // A redeploy of the same application: a fresh Telltale, then gone again.
            WeakReference<ClassLoader> second = deployRunUndeploy(contexts, war, port, 2);
            // Only the latest deployment's loader was seen to stay reachable (held by no thread; Jetty's
            // recycled request objects, it seems): a third deployment takes that place, and the first
            // two must then be gone entirely.
            deployRunUndeploy(contexts, war, port, 3);
            WarFixture.awaitNoNewTelltaleThread(before);
            WarFixture.awaitCollected(first, "the first deployment's class loader");
            WarFixture.awaitCollected(second, "the second deployment's class loader");
        } finally {
            server.stop();
        }
    }

    private static WeakReference<ClassLoader> deployRunUndeploy(
            ContextHandlerCollection contexts, WarFixture war, int port, int n) throws Exception {
        WebAppContext ctx = new WebAppContext();
        ctx.setContextPath("/shop");
        ctx.setBaseResourceAsPath(war.dir);
        ctx.setParentLoaderPriority(false); // the web application's own Telltale, as in a deployed WAR
        contexts.addHandler(ctx);
        ctx.start();
        WeakReference<ClassLoader> loader = new WeakReference<>(ctx.getClassLoader());
        assertEquals(
                loader.get(),
                ctx.getClassLoader().loadClass("dev.telltale.Telltale").getClassLoader(),
                "Telltale comes from the web application");
        war.browseAndCheck(port, "/shop", ShopServlet.class, n);
        ctx.stop();
        contexts.removeHandler(ctx);
        ctx.destroy();
        war.awaitEvents(n);
        return loader;
    }
}
