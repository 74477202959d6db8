package dev.telltale.servlet.javax;

import dev.telltale.servlet.ContainerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** The contract in embedded Tomcat 9 ({@code javax.servlet} 4.0), a web application as Tomcat deploys it. */
class TomcatJavaxTest extends ContainerContract {
    @Override
    protected Running start(Registration registration, Path workDir) throws Exception {
        Path docBase = Files.createDirectories(workDir.resolve("webapp"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(workDir.resolve("tomcat")).toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        // addWebapp runs Tomcat's own deployment (ContextConfig), which finds container initializers.
        Context ctx = tomcat.addWebapp("", docBase.toString());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        ctx.setJarScanner(scanner);
        if (!registration.auto) {
            ctx.addParameter("telltale.servlet.auto-register", "false");
        }
        Wrapper app = Tomcat.addServlet(ctx, "app", new AppServlet());
        app.setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "app");
        if (registration.manual) {
            addFilter(ctx, "outer", new AppServlet.OuterFilter(), Map.of());
            addFilter(ctx, "manual-telltale", new TelltaleFilter(), registration.manualInitParams);
        }
        tomcat.start();
        return Running.of(connector.getLocalPort(), () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    private static void addFilter(Context ctx, String name, javax.servlet.Filter filter, Map<String, String> params) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        params.forEach(def::addInitParameter);
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("ASYNC");
        map.setDispatcher("ERROR");
        ctx.addFilterMap(map);
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
