package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UncaughtExceptionsIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "uncaught",
                jdk,
                (j, events) -> ForkedApp.run(
                        j, Scenario.toDir(events), ForkedApp.appClasspath(), "com.example.apps.UncaughtApp"));
    }

    private static Map<String, Object> single(Scenario s, String message) {
        List<Map<String, Object>> found = s.events.withException(message);
        assertEquals(
                1,
                found.size(),
                "exactly one event for " + message + " in " + s.events.all().size() + " events\n" + s.result);
        return found.get(0);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void plainThreadIsReportedAndTheJdkStillPrintsIt(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "boom-plain");
        assertEquals("error", e.get("level"));
        assertEquals("UncaughtExceptionHandler", Events.str(e, "mechanism", "type"));
        assertEquals("false", Events.str(e, "mechanism", "handled"));
        assertEquals("t-plain", e.get("thread"));
        assertTrue(
                s.result.stderr.contains("Exception in thread \"t-plain\" java.lang.IllegalStateException: boom-plain"),
                s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void threadWithItsOwnHandlerIsReportedAndItsHandlerStillRuns(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals("t-own", single(s, "boom-own-handler").get("thread"));
        assertTrue(s.result.stdout.contains("own handler saw boom-own-handler"), s.result.toString());
        assertTrue(
                !s.result.stderr.contains("boom-own-handler"),
                "the JDK print is not added when the thread has a handler\n" + s.result);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void threadGroupOverridingUncaughtExceptionIsReportedAndStillRuns(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals("t-group", single(s, "boom-group").get("thread"));
        assertTrue(s.result.stdout.contains("group saw boom-group"), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void virtualThreadIsReported(String jdk) throws Exception {
        assumeTrue(jdk.equals("25"), "virtual threads need JDK 21+: checked in the JDK 25 run");
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "boom-virtual");
        assertEquals("UncaughtExceptionHandler", Events.str(e, "mechanism", "type"));
        assertTrue(s.result.stderr.contains("boom-virtual"), "the JDK still prints it\n" + s.result);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void mainThreadCrashIsSpooledAsFatalOnceAndTheJvmStillFails(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "boom-main");
        assertEquals("fatal", e.get("level"));
        assertEquals("main", e.get("thread"));
        assertEquals(1, s.result.exitCode, s.result.toString());
        assertTrue(
                s.result.stderr.contains("Exception in thread \"main\" java.lang.IllegalStateException: boom-main"),
                s.result.toString());
        assertTrue(
                !s.result.stderr.contains("WARNING") && !s.result.stderr.contains("warning:"),
                "no JVM warnings caused by the agent\n" + s.result);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void anApplicationRunningItsOwnTelltaleGetsOneReportNotTwo(String jdk) throws Exception {
        Path appEvents = Files.createTempDirectory("own-telltale-" + jdk);
        Scenario s = Scenario.of(
                "own-telltale",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(ForkedApp.ownTelltale(), Collections.<String>emptyList()),
                        "com.example.apps.OwnTelltaleApp",
                        appEvents.toString()));
        assertEquals(
                1,
                Events.in(appEvents).withException("boom-own-telltale").size(),
                "the application's Telltale reports it\n" + s.result);
        assertEquals(
                0,
                s.events.withException("boom-own-telltale").size(),
                "the agent leaves it to the application's Telltale\n" + s.result);
        assertTrue(s.result.stderr.contains("Exception in thread \"t-own-telltale\""), s.result.toString());
    }
}
