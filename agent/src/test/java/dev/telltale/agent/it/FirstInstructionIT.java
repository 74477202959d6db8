package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bare flag, {@code -javaagent:telltale-agent.jar} with no arguments (the destination comes from
 * a system property, as from the environment in production): every kind of error the agent
 * promises is reported from the first instruction of main, with nothing waited for.
 */
class FirstInstructionIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "first-instruction",
                jdk,
                (j, events) -> ForkedApp.runBare(
                        j,
                        java.util.Arrays.asList("-Dtelltale.destinations=file:" + events, "-Dtelltale.environment=it"),
                        ForkedApp.appClasspath(),
                        "com.example.apps.FirstInstructionApp"));
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
    void threadWithItsOwnHandlerAtTheFirstInstruction(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals("UncaughtExceptionHandler", Events.str(single(s, "first-own-handler"), "mechanism", "type"));
        assertTrue(s.result.stdout.contains("own handler saw first-own-handler"), s.result.toString());
        assertEquals(0, s.result.exitCode, s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void unobservedTaskAndCompletableFutureAtTheFirstInstruction(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals("executor", Events.str(single(s, "first-task-unobserved"), "mechanism", "type"));
        assertEquals("CompletableFuture", Events.str(single(s, "first-cf-unobserved"), "mechanism", "type"));
        assertEquals("UncaughtExceptionHandler", Events.str(single(s, "first-raw-execute"), "mechanism", "type"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void logbackErrorLineAtTheFirstInstruction(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "first-logged");
        assertEquals("logback", Events.str(e, "mechanism", "type"));
        assertEquals(
                "migration failed",
                e.get("message") instanceof String ? e.get("message") : Events.str(e, "message", "formatted"),
                s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void servletExceptionOfTheFirstRequest(String jdk) throws Exception {
        Scenario s = run(jdk);
        Map<String, Object> e = single(s, "first-servlet");
        assertEquals("servlet", Events.str(e, "mechanism", "type"));
        assertTrue(Events.str(e, "request", "url").endsWith("/first"), String.valueOf(e.get("request")));
        assertTrue(s.result.stdout.contains("GET /first -> 500"), s.result.toString());
    }
}
