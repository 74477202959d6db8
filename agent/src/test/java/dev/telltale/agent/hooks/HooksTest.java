package dev.telltale.agent.hooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap test every loaded class meets: which ones go on to Byte Buddy's matching at all. */
class HooksTest {
    private final List<Hook> hooks = Hooks.all();
    private final Hooks.Candidates candidates = new Hooks.Candidates(hooks);
    private final ClassLoader app = HooksTest.class.getClassLoader(); // sees javax.servlet (test scope)
    private final ClassLoader bare = new URLClassLoader(new URL[0], null); // sees no servlet API

    private boolean ignored(String name, ClassLoader loader, byte[] classFile) {
        return !candidates.wanted(name.replace('.', '/'), loader, null, classFile);
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = HooksTest.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void namedTypesPassByNameAlone() {
        assertFalse(ignored("java.util.concurrent.FutureTask", null, new byte[0]));
        assertFalse(ignored("ch.qos.logback.classic.Logger", app, new byte[0]));
        assertTrue(ignored("java.util.concurrent.ForkJoinTask", null, new byte[0]));
    }

    @Test
    void aFilterImplementationIsAServletCandidateWhereTheApiIsVisible() throws IOException {
        byte[] filter = classFile("com.example.apps.BrokenFilter");
        assertFalse(ignored("com.example.apps.BrokenFilter", app, filter));
        assertTrue(ignored("com.example.apps.BrokenFilter", bare, filter), "a loader that cannot see the servlet API");
        assertFalse(ignored("javax.servlet.http.HttpServlet", app, classFile("javax.servlet.http.HttpServlet")));
    }

    @Test
    void ordinaryClassesAndOwnPackagesAreIgnoredWithoutParsing() throws IOException {
        assertTrue(ignored("com.example.apps.Tasks", app, classFile("com.example.apps.Tasks")));
        // Overrides doGet(HttpServletRequest, ...) only: HttpServlet's service is what gets the advice.
        assertTrue(ignored(
                "com.example.apps.JettyApp$FailingServlet",
                app,
                classFile("com.example.apps.JettyApp$FailingServlet")));
        byte[] filter = classFile("com.example.apps.BrokenFilter");
        assertTrue(
                ignored("dev.telltale.servlet.javax.TelltaleFilter", app, filter), "Telltale's own classes, any copy");
        assertTrue(ignored("io.opentelemetry.javaagent.Foo", app, filter), "other agents");
    }

    @Test
    void aLoadedClassIsACandidateOnlyWhenItImplementsTheApi() {
        ServletHook javax = new ServletHook("javax");
        assertTrue(javax.implementsApi(com.example.apps.BrokenFilter.class));
        assertTrue(
                javax.implementsApi(com.example.apps.JettyApp.FailingServlet.class),
                "through HttpServlet and GenericServlet");
        assertFalse(javax.implementsApi(com.example.apps.Tasks.class));
        assertFalse(new ServletHook("jakarta").implementsApi(com.example.apps.BrokenFilter.class));
    }

    @Test
    void descriptorSearchFindsThePrefixAnywhereAndOnlyThere() {
        byte[] needle = "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;".getBytes();
        assertTrue(ServletHook.contains(
                ("xx" + new String(needle) + "Ljakarta/servlet/FilterChain;)V").getBytes(), needle));
        assertTrue(ServletHook.contains(needle, needle));
        assertFalse(ServletHook.contains(
                "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/http/HttpServletResponse;".getBytes(), needle));
        assertFalse(ServletHook.contains(new byte[3], needle));
    }
}
