package dev.telltale.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.processing.InAppDetector;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterStartTest {
    private static Set<String> set(String... paths) {
        return new LinkedHashSet<>(List.of(paths));
    }

    @Test
    void packagesOfWebInfClassesBecomeTheApplicationsUnderALibraryMainClass() {
        // Tomcat's Bootstrap as the main class: before, every non-library frame counted as in-app.
        InAppDetector detector = new InAppDetector(
                Collections.<String>emptyList(),
                Collections.<String>emptyList(),
                "org.apache.catalina.startup.Bootstrap");
        Map<String, Set<String>> war = new HashMap<>();
        war.put(
                "/WEB-INF/classes/",
                set(
                        "/WEB-INF/classes/com/",
                        "/WEB-INF/classes/META-INF/",
                        "/WEB-INF/classes/logback.xml",
                        "/WEB-INF/classes/org/"));
        war.put("/WEB-INF/classes/com/", set("/WEB-INF/classes/com/fixturewar/", "/WEB-INF/classes/com/Top.class"));
        war.put("/WEB-INF/classes/org/", set("/WEB-INF/classes/org/springframework/"));
        FilterStart.recordApplicationPackages(war::get);
        assertTrue(detector.isInApp("com.fixturewar.orders.OrderServlet"));
        assertFalse(
                detector.isInApp("org.springframework.web.servlet.DispatcherServlet"),
                "a library copied into classes stays a library");
        assertFalse(
                detector.isInApp("net.thirdparty.Client"),
                "once the application's classes are known, only they are in-app");
    }

    @Test
    void noWebInfClassesTellsNothing() {
        FilterStart.recordApplicationPackages(path -> null); // an embedded container: must not throw
    }
}
