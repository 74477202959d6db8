package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutorsIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "executors",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(),
                        "com.example.apps.ExecutorApp",
                        events.toString()));
    }

    private static Map<String, Object> single(Scenario s, String message) {
        List<Map<String, Object>> found = s.events.withException(message);
        assertEquals(1, found.size(), "exactly one event for " + message + "\n" + s.result);
        return found.get(0);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void failedTaskWhoseFutureIsCollectedUnobservedIsReportedWhileTheAppRuns(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "boom-collected");
        assertEquals("executor", Events.str(e, "mechanism", "type"));
        assertEquals("false", Events.str(e, "mechanism", "handled"));
        assertEquals(
                "IllegalStateException", Events.str(e, "exceptions", 0, "type").replaceAll(".*\\.", ""));
        assertTrue(s.result.stdout.contains("collected failure reported while running"), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void failedTaskStillUnobservedAtExitIsReported(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertTrue(single(s, "boom-kept-unobserved").get("thread").toString().startsWith("pool-"), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void completableFutureFailureNobodyJoinsIsReportedUnwrapped(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "boom-cf-unobserved");
        assertEquals("CompletableFuture", Events.str(e, "mechanism", "type"));
        assertEquals("java.lang.UnsupportedOperationException", Events.str(e, "exceptions", 0, "type"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void failingPeriodicTaskIsReported(String jdk) throws Exception {
        Scenario s = run(jdk);
        single(s, "boom-scheduled");
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void failuresTheApplicationObservedAreNotReported(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals(0, s.events.withException("boom-observed-get").size(), s.result.toString());
        assertEquals(0, s.events.withException("boom-observed-exceptionally").size(), s.result.toString());
        assertTrue(s.result.stdout.contains("observed boom-observed-get"), s.result.toString());
        assertEquals(0, s.result.exitCode, s.result.toString());
        assertEquals(4, s.events.all().size(), "only the four unobserved failures\n" + s.result);
    }
}
