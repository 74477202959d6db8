package dev.telltale.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InAppDetectorTest {
    private static final List<String> NONE = Collections.emptyList();

    private static InAppDetector detector(List<String> includes, List<String> excludes, String mainClass) {
        return new InAppDetector(includes, excludes, mainClass);
    }

    @AfterEach
    void forgetApplicationPackages() {
        InAppDetector.clearApplicationPackages();
    }

    private static Path jar(Path dir, String mainClass, String startClass) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        if (startClass != null) {
            m.getMainAttributes().putValue("Start-Class", startClass);
        }
        Path jar = dir.resolve("app-" + System.nanoTime() + ".jar");
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar.toFile()), m)) {
            out.flush();
        }
        return jar;
    }

    @Test
    void springBootFatJarUsesTheManifestsStartClass(@TempDir Path dir) throws IOException {
        InAppDetector d = detector(
                NONE,
                NONE,
                jar(dir, "org.springframework.boot.loader.launch.JarLauncher", "com.shop.web.ShopApplication")
                        .toString());
        assertTrue(d.isInApp("com.shop.web.CrashController"));
        assertFalse(d.isInApp("org.springframework.web.servlet.DispatcherServlet"));
        assertFalse(d.isInApp("org.acme.lib.Helper"), "only the application's packages once they are known");
    }

    @Test
    void plainExecutableJarUsesItsMainClass(@TempDir Path dir) throws IOException {
        InAppDetector d =
                detector(NONE, NONE, jar(dir, "com.tool.cli.Main", null).toString());
        assertTrue(d.isInApp("com.tool.cli.Command"));
        assertFalse(d.isInApp("org.apache.commons.cli.Parser"));
    }

    @Test
    void unreadableJarFallsBackToTheLastResort(@TempDir Path dir) {
        InAppDetector d = detector(NONE, NONE, dir.resolve("missing.jar").toString());
        assertTrue(d.isInApp("com.shop.Cart"));
        assertFalse(d.isInApp("org.springframework.web.servlet.DispatcherServlet"));
    }

    @Test
    void packagesAnIntegrationFoundDecideUnderALibraryMainClass() {
        // A WAR in Tomcat: the main class is Tomcat's; the filter found /WEB-INF/classes/com/shop.
        InAppDetector d = detector(NONE, NONE, "org.apache.catalina.startup.Bootstrap");
        assertTrue(d.isInApp("org.acme.Other"), "before the web application is known: the last resort");
        InAppDetector.addApplicationPackage("com.shop");
        InAppDetector.addApplicationPackage("org.springframework.boot"); // a library: ignored
        assertTrue(d.isInApp("com.shop.OrderController"));
        assertFalse(d.isInApp("org.acme.Other"));
        assertFalse(d.isInApp("org.springframework.boot.SpringApplication"));
    }

    @Test
    void configuredPackagesWinOverInference() {
        InAppDetector d = detector(List.of("com.shop", "org.partner."), NONE, "net.other.Main");
        assertTrue(d.isInApp("com.shop.Cart"));
        assertTrue(d.isInApp("org.partner.Api"));
        assertFalse(d.isInApp("net.other.Main"));
        assertFalse(d.isInApp("com.shopping.Cart"), "a prefix is a package, not a string prefix");
    }

    @Test
    void excludesWinOverIncludes() {
        InAppDetector d = detector(List.of("com.shop"), List.of("com.shop.generated"), "");
        assertTrue(d.isInApp("com.shop.Cart"));
        assertFalse(d.isInApp("com.shop.generated.Proto"));
    }

    @Test
    void packagesAreInferredFromTheMainClass() {
        InAppDetector d = detector(NONE, NONE, "com.shop.app.Main");
        assertTrue(d.isInApp("com.shop.orders.Orders"));
        assertFalse(d.isInApp("com.vendor.Client"), "another vendor's code is not the application");
        assertFalse(d.isInApp("java.util.ArrayList"));
    }

    @Test
    void withoutAMainClassEverythingOutsideKnownLibrariesIsInApp() {
        for (String main : new String[] {"", "app.jar", "/opt/app/app.jar", "Main"}) {
            InAppDetector d = detector(NONE, NONE, main);
            assertTrue(d.isInApp("com.shop.Cart"), main);
            assertFalse(d.isInApp("java.lang.Thread"), main);
            assertFalse(d.isInApp("org.springframework.web.Servlet"), main);
            assertFalse(d.isInApp("dev.telltale.TelltaleClient"), main);
        }
    }

    @Test
    void mainClassInsideALibraryNamespaceDoesNotMakeTheApplicationExternal() {
        // Tomcat, Jetty's start.jar, Spring Boot's launcher, the test runner: the main class is a library's.
        for (String main : new String[] {
            "org.apache.catalina.startup.Bootstrap",
            "org.eclipse.jetty.start.Main",
            "org.springframework.boot.loader.launch.JarLauncher",
            "org.apache.maven.surefire.booter.ForkedBooter"
        }) {
            InAppDetector d = detector(NONE, NONE, main);
            assertTrue(d.isInApp("com.shop.web.OrderServlet"), main + " made the application's frames external");
            assertFalse(d.isInApp("org.apache.catalina.core.StandardWrapper"), main);
            assertFalse(d.isInApp("java.lang.Thread"), main);
        }
    }

    @Test
    void demoInsideTelltalesNamespaceIsInApp() {
        InAppDetector d = detector(NONE, NONE, "dev.telltale.examples.Demo");
        assertTrue(d.isInApp("dev.telltale.examples.Demo"));
        assertFalse(d.isInApp("dev.telltale.TelltaleClient"));
    }

    @Test
    void applyMarksEveryFrameOfEveryException() {
        StackFrame app = new StackFrame("com.shop.Cart", "add", "Cart.java", 1, false, false);
        StackFrame lib = new StackFrame("java.util.HashMap", "get", "HashMap.java", 2, false, true);
        ExceptionInfo x0 = new ExceptionInfo(0, -1, ExceptionInfo.Relation.THROWN, "a.B", "", List.of(app, lib), 0, -1);
        ExceptionInfo x1 = new ExceptionInfo(1, 0, ExceptionInfo.Relation.CAUSE, "a.C", "", List.of(lib, app), 0, -1);
        Event e = Event.builder("id").exceptions(List.of(x0, x1)).build();
        Event out = detector(List.of("com.shop"), NONE, "").apply(e);
        assertTrue(out.exceptions().get(0).frames().get(0).inApp());
        assertFalse(out.exceptions().get(0).frames().get(1).inApp());
        assertFalse(out.exceptions().get(1).frames().get(0).inApp());
        assertTrue(out.exceptions().get(1).frames().get(1).inApp());
        assertEquals("a.C", out.exceptions().get(1).type());
    }

    @Test
    void messageEventIsReturnedUnchanged() {
        Event e = Event.builder("id").message("m", "m").build();
        assertTrue(e == detector(NONE, NONE, "").apply(e));
    }
}
