package dev.telltale.processing;

import dev.telltale.Event;
import dev.telltale.event.ExceptionInfo;
import dev.telltale.event.StackFrame;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InAppDetectorTest {
    private static final List<String> NONE = Collections.emptyList();

    private static InAppDetector detector(List<String> includes, List<String> excludes, String mainClass) {
        return new InAppDetector(includes, excludes, mainClass);
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
        for (String main : new String[]{"", "app.jar", "/opt/app/app.jar", "Main"}) {
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
        for (String main : new String[]{"org.apache.catalina.startup.Bootstrap", "org.eclipse.jetty.start.Main",
                "org.springframework.boot.loader.launch.JarLauncher",
                "org.apache.maven.surefire.booter.ForkedBooter"}) {
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
