package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServletContainerIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "jetty",
                jdk,
                (j, events) -> ForkedApp.run(
                        j, Scenario.toDir(events), ForkedApp.appClasspath(), "com.example.apps.JettyApp"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void exceptionEscapingAServletIsReportedOnceWithTheRequest(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> found = s.events.withException("boom-servlet");
        assertEquals(1, found.size(), s.result.toString());
        Map<String, Object> e = found.get(0);
        assertEquals("servlet", Events.str(e, "mechanism", "type"));
        assertEquals("false", Events.str(e, "mechanism", "handled"));
        assertEquals("POST", Events.str(e, "request", "method"));
        assertTrue(
                Events.str(e, "request", "url").matches("http://127\\.0\\.0\\.1:\\d+/orders"),
                Events.str(e, "request", "url"));
        assertEquals("id=7", Events.str(e, "request", "queryString"));
        assertTrue(
                Events.breadcrumbs(e).contains("validating order form"),
                Events.breadcrumbs(e).toString());
        List<String> crumbs = Events.breadcrumbs(e);
        assertTrue(
                crumbs.contains("POST /orders")
                        && crumbs.indexOf("POST /orders") < crumbs.indexOf("validating order form"),
                "the request's breadcrumbs start with what was asked: " + crumbs);
        assertTrue(s.result.stdout.contains("POST /orders -> 500"), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void theRequestCarriesItsHeadersWithoutTheSecretOnes(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = s.events.withException("boom-servlet").get(0);
        assertEquals("req-POST", Events.str(e, "request", "headers", "X-Request-Id"), String.valueOf(e.get("request")));
        assertEquals(null, Events.at(e, "request", "headers", "Authorization"), String.valueOf(e.get("request")));
        for (Map<String, Object> any : s.events.all()) {
            assertFalse(String.valueOf(any).contains("secret-token-123"), "no event carries the bearer token: " + any);
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void exceptionEscapingAJakartaServletInJetty12IsReportedWithTheRequest(String jdk) throws Exception {
        Scenario s = Scenario.of(
                "jetty12",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(
                                ForkedApp.jars(ForkedApp.JETTY12_LIBS),
                                Arrays.asList("jetty-", "javax.servlet", "jakarta.servlet")),
                        "com.example.apps.JakartaApp"));
        List<Map<String, Object>> found = s.events.withException("boom-jakarta");
        assertEquals(1, found.size(), s.result.toString());
        Map<String, Object> e = found.get(0);
        assertEquals("servlet", Events.str(e, "mechanism", "type"));
        assertEquals("GET", Events.str(e, "request", "method"));
        assertTrue(Events.str(e, "request", "url").endsWith("/items"), Events.str(e, "request", "url"));
        assertEquals("page=2", Events.str(e, "request", "queryString"));
        assertTrue(
                s.result.stdout.contains("GET /login -> 200") && s.result.stdout.contains("GET /items -> 500"),
                s.result.toString());
        // The session's earlier page, kept by the (renamed) jakarta advice; the session id itself stays home.
        List<String> journey = new java.util.ArrayList<>();
        Object actions = Events.at(e, "userJourney", "recentActions");
        for (Object a : actions instanceof List ? (List<?>) actions : List.of()) {
            journey.add(Events.str(a, "summary"));
        }
        assertTrue(
                journey.contains("GET /login")
                        && journey.contains("GET /items")
                        && journey.indexOf("GET /login") < journey.indexOf("GET /items"),
                "the session's earlier page: " + journey);
        assertFalse(String.valueOf(e).contains("JSESSIONID"), String.valueOf(e.get("request")));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void taskSubmittedDuringARequestCarriesThatRequestsScope(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> found = s.events.withException("boom-background-task");
        assertEquals(1, found.size(), s.result.toString());
        Map<String, Object> e = found.get(0);
        assertEquals("executor", Events.str(e, "mechanism", "type"));
        List<String> crumbs = Events.breadcrumbs(e);
        assertTrue(crumbs.contains("request breadcrumb mine"), crumbs.toString());
        assertFalse(crumbs.contains("request breadcrumb other"), "another request's breadcrumbs stay there: " + crumbs);
        assertTrue(Events.str(e, "request", "url").endsWith("/background"), String.valueOf(e.get("request")));
        assertTrue(e.get("thread").toString().startsWith("pool-"), String.valueOf(e.get("thread")));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void plainRunnableExecutedDuringARequestDiesWithThatRequestsScope(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> found = s.events.withException("boom-raw-execute");
        assertEquals(1, found.size(), s.result.toString());
        Map<String, Object> e = found.get(0);
        assertEquals("UncaughtExceptionHandler", Events.str(e, "mechanism", "type"));
        List<String> crumbs = Events.breadcrumbs(e);
        assertTrue(crumbs.contains("request breadcrumb raw"), crumbs.toString());
        assertFalse(crumbs.contains("request breadcrumb mine"), crumbs.toString());
        assertTrue(Events.str(e, "request", "url").endsWith("/background"), String.valueOf(e.get("request")));
        assertTrue(
                s.result.stderr.contains("boom-raw-execute"),
                "the worker still dies as before, printed by the JDK\n" + s.result);
    }
}
