package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AttachIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of("attach", jdk, (j, events) -> {
            List<String> cmd = new ArrayList<>(Arrays.asList(
                    ForkedApp.javaFor(j),
                    "-Djdk.attach.allowAttachSelf=true",
                    "-XX:+EnableDynamicAgentLoading",
                    "-cp",
                    ForkedApp.appClasspath(),
                    "com.example.apps.AttachApp",
                    ForkedApp.AGENT_JAR.toString(),
                    Scenario.toDir(events)));
            return ForkedApp.exec(cmd);
        });
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void attachedToARunningJvmItReportsUncaughtExceptions(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals(0, s.result.exitCode, s.result.toString());
        assertEquals(1, s.events.withException("boom-after-attach").size(), s.result.toString());
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void attachedToARunningJvmItRetransformsExecutorClassesLoadedBefore(String jdk) throws Exception {
        Scenario s = run(jdk);
        assertEquals(1, s.events.withException("boom-task-after-attach").size(), s.result.toString());
    }
}
