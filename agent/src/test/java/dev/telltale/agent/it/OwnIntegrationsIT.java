package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applications that also run Telltale's own Logback appender or servlet filter (unrelocated, with
 * their own core) under the agent: each error is reported once, by the application's integration
 * wherever it sees the error, by the agent everywhere else.
 */
class OwnIntegrationsIT {

    /** One forked run: the agent writes to {@code events}, the application's own Telltale to {@code app}. */
    private static final class Run {
        final Scenario scenario;
        final Events app;

        Run(Scenario scenario, Events app) {
            this.scenario = scenario;
            this.app = app;
        }

        /** Events about {@code exceptionMessage} that the agent and the application wrote: {agent, app}. */
        int[] counts(String exceptionMessage) {
            return new int[] {
                scenario.events.withException(exceptionMessage).size(),
                app.withException(exceptionMessage).size()
            };
        }

        int[] countsOfMessage(String message) {
            return new int[] {
                scenario.events.withMessage(message).isPresent() ? 1 : 0,
                app.withMessage(message).isPresent() ? 1 : 0
            };
        }

        @Override
        public String toString() {
            return scenario.result + "\n--- agent events: "
                    + scenario.events.all().size() + ", app events: "
                    + app.all().size();
        }
    }

    /** The application's own Telltale writes beside the agent's events, in {@code app-events}. */
    private static Run run(String name, String jdk, Launch launch) throws Exception {
        Scenario s = Scenario.of(name, jdk, (j, events) -> launch.run(j, events, events.resolveSibling("app-events")));
        return new Run(s, Events.in(s.dir.resolve("app-events")));
    }

    private interface Launch {
        ForkedApp.Result run(String jdk, Path agentEvents, Path appEvents) throws Exception;
    }

    // ------------------------------------------------------------------ Logback

    private static Run logback(String jdk) throws Exception {
        return run(
                "own-appender",
                jdk,
                (j, events, app) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(ForkedApp.ownTelltale("logback-appender"), List.of()),
                        "com.example.apps.OwnAppenderApp",
                        app.toString()));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void errorsReachingTheApplicationsOwnAppenderAreReportedByItAlone(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {0, 1}, r.counts("card declined"), r);
        assertArrayEquals(new int[] {0, 1}, r.countsOfMessage("inventory out of sync"), r);
        assertEquals(
                "logback", Events.str(r.app.withException("card declined").get(0), "mechanism", "type"), r.toString());
        assertEquals(0, r.scenario.result.exitCode, r.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void anAppenderInsideAnAsyncAppenderCountsAsTheApplications(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {0, 1}, r.counts("batch-failure"), r);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void errorsOfNonAdditiveLoggersWithoutTheAppenderAreReportedByTheAgent(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {1, 0}, r.counts("quiet-failure"), r);
        assertArrayEquals(new int[] {1, 0}, r.counts("inner-failure"), "a.b$C's parent is a.b\n" + r);
        // The errors the application reported stay in the agent's trail as breadcrumbs.
        List<String> crumbs = Events.breadcrumbs(
                r.scenario.events.withException("quiet-failure").get(0));
        assertTrue(
                crumbs.contains("cart has 3 items") && crumbs.contains("payment failed for order 42"),
                crumbs.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void uncaughtExceptionsAreLeftToTheApplicationsTelltale(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {0, 1}, r.counts("logged then thrown"), r);
        assertArrayEquals(new int[] {0, 1}, r.counts("uncaught-with-appender"), r);
        assertEquals(
                "UncaughtExceptionHandler",
                Events.str(r.app.withException("uncaught-with-appender").get(0), "mechanism", "type"),
                r.toString());
        assertTrue(r.scenario.result.stderr.contains("Exception in thread \"t-plain\""), r.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void appendersAttachedOrDetachedAtRunTimeMoveTheReportToWhoeverNowGetsTheError(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {0, 1}, r.counts("quiet-after-attach"), r);
        assertArrayEquals(new int[] {1, 0}, r.counts("batch-after-detach"), r);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void onceTheAppenderIsConfiguredAwayTheAgentReportsAgain(String jdk) throws Exception {
        Run r = logback(jdk);
        assertArrayEquals(new int[] {1, 0}, r.counts("after-reset"), r);
        // Exactly one event per error, across both destinations.
        assertEquals(4, r.scenario.events.all().size(), r.toString());
        assertEquals(6, r.app.all().size(), r.toString());
    }

    // ------------------------------------------------------------------ servlet filter

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void requestsThroughTheApplicationsJavaxFilterAreReportedByItAlone(String jdk) throws Exception {
        Run r = run(
                "own-filter-javax",
                jdk,
                (j, events, app) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(ForkedApp.ownTelltale("servlet-filter"), List.of()),
                        "com.example.apps.OwnFilterApp",
                        app.toString()));
        assertTrue(r.scenario.result.stdout.contains("POST /orders -> 500"), r.toString());
        assertArrayEquals(new int[] {0, 1}, r.counts("boom-javax-own-filter"), r);
        Map<String, Object> e = r.app.withException("boom-javax-own-filter").get(0);
        assertEquals("servlet", Events.str(e, "mechanism", "type"), r.toString());
        assertEquals("POST", Events.str(e, "request", "method"), r.toString());
        // Thrown in front of the application's filter: only the agent saw it.
        assertTrue(r.scenario.result.stdout.contains("POST /gate -> 500"), r.toString());
        assertArrayEquals(new int[] {1, 0}, r.counts("boom-javax-gate"), r);
        assertEquals(1, r.scenario.events.all().size(), r.toString());
        assertEquals(1, r.app.all().size(), r.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void requestsThroughTheApplicationsJakartaFilterInJetty12AreReportedByItAlone(String jdk) throws Exception {
        Run r = run("own-filter-jakarta", jdk, (j, events, app) -> {
            List<Path> extra = new ArrayList<>(ForkedApp.jars(ForkedApp.JETTY12_LIBS));
            extra.addAll(ForkedApp.ownTelltale("servlet-filter"));
            return ForkedApp.run(
                    j,
                    Scenario.toDir(events),
                    ForkedApp.appClasspath(extra, Arrays.asList("jetty-", "javax.servlet", "jakarta.servlet")),
                    "com.example.apps.OwnFilterJakartaApp",
                    app.toString());
        });
        assertTrue(r.scenario.result.stdout.contains("GET /items -> 500"), r.toString());
        assertArrayEquals(new int[] {0, 1}, r.counts("boom-jakarta-own-filter"), r);
        Map<String, Object> e = r.app.withException("boom-jakarta-own-filter").get(0);
        assertEquals("servlet", Events.str(e, "mechanism", "type"), r.toString());
        assertEquals("page=2", Events.str(e, "request", "queryString"), r.toString());
        assertTrue(r.scenario.result.stdout.contains("GET /gate -> 500"), r.toString());
        assertArrayEquals(new int[] {1, 0}, r.counts("boom-jakarta-gate"), r);
        assertEquals(1, r.scenario.events.all().size(), r.toString());
        assertEquals(1, r.app.all().size(), r.toString());
    }

    private static void assertArrayEquals(int[] expected, int[] actual, Object context) {
        assertEquals(
                Arrays.toString(expected) + " (agent, app)",
                Arrays.toString(actual) + " (agent, app)",
                String.valueOf(context));
    }
}
