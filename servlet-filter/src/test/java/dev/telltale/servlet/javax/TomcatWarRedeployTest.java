package dev.telltale.servlet.javax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.war.javax.ShopServlet;
import dev.telltale.servlet.WarFixture;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same WAR (javax) in Tomcat 9: the filter declared in web.xml starts the application's own
 * Telltale, which reports with the journey and in-app frames and is gone after undeploy and
 * redeploy (Tomcat's web application class loader looks in WEB-INF first).
 */
class TomcatWarRedeployTest {
    @TempDir
    Path tmp;

    @Test
    void filterAloneStartsTelltaleReportsAndLeavesNothingBehindOnRedeploy() throws Exception {
        WarFixture war = WarFixture.build(
                tmp,
                ShopServlet.class,
                TelltaleFilter.class,
                "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\" metadata-complete=\"true\">");
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(tmp.resolve("tomcat")).toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // An idle keep-alive connection holds its last request, and so the undeployed context: close it soon.
        connector.setProperty("keepAliveTimeout", "1000");
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getHost();
        tomcat.start();
        try {
            int port = connector.getLocalPort();
            WeakReference<ClassLoader> first = deployRunUndeploy(tomcat, war, port, 1);
            WeakReference<ClassLoader> second = deployRunUndeploy(tomcat, war, port, 2);
            WarFixture.awaitNoNewTelltaleThread(before);
            WarFixture.awaitCollected(first, "the first deployment's class loader");
            WarFixture.awaitCollected(second, "the second deployment's class loader");
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static WeakReference<ClassLoader> deployRunUndeploy(Tomcat tomcat, WarFixture war, int port, int n)
            throws Exception {
        Context ctx = tomcat.addWebapp("/shop", war.dir.toString());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        ctx.setJarScanner(scanner);
        if (!ctx.getState().isAvailable()) {
            ctx.start();
        }
        ClassLoader webapp = ctx.getLoader().getClassLoader();
        WeakReference<ClassLoader> loader = new WeakReference<>(webapp);
        assertEquals(
                webapp,
                webapp.loadClass("dev.telltale.Telltale").getClassLoader(),
                "Telltale comes from the web application");
        webapp = null;
        war.browseAndCheck(port, "/shop", ShopServlet.class, n);
        ctx.stop();
        tomcat.getHost().removeChild(ctx); // destroys it too
        war.awaitEvents(n);
        return loader;
    }
}
