package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IsolationIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "bundled",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(ForkedApp.appLibs().toArray(new Path[0])),
                        "com.example.apps.BundledLibsApp"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void applicationKeepsItsOwnJacksonAndByteBuddyAndIsStillReported(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals(0, s.result.exitCode, s.result.toString());
        assertTrue(s.result.stdout.contains("app jackson 2.14.1"), s.result.toString());
        assertTrue(
                s.result.stdout.contains("app bytebuddy made com.example.apps.Made from")
                        && s.result.stdout.contains("byte-buddy-1.14.18.jar"),
                s.result.toString());
        List<?> found = s.events.withException("boom-bundled");
        assertEquals(1, found.size(), s.result.toString());
    }
}
