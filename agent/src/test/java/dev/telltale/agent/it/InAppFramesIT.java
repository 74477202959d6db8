package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jar's relocation leaves the in-app detector's library list alone: with a main class in a
 * library namespace (no application package to infer), an application's own {@code net.bytebuddy}
 * frames and the agent's own bridge frames are not in-app; the application's frames are.
 */
class InAppFramesIT {

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "in-app",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(ForkedApp.appLibs().toArray(new Path[0])),
                        "org.apache.launcher.LibraryLauncher"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> frames(Map<String, Object> event) {
        return (List<Map<String, Object>>) Events.at(event, "exceptions", 0, "frames");
    }

    private static Map<String, Object> single(Scenario s, String messagePart) {
        List<Map<String, Object>> found = new java.util.ArrayList<>();
        for (Map<String, Object> e : s.events.all()) {
            String m = Events.str(e, "exceptions", 0, "message");
            if (m != null && m.contains(messagePart)) {
                found.add(e);
            }
        }
        assertEquals(1, found.size(), s.result.toString());
        return found.get(0);
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void applicationsOwnByteBuddyFramesAreNotInApp(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> frames = frames(single(s, "not a valid name!"));
        long bytebuddy = frames.stream()
                .filter(f -> String.valueOf(f.get("class")).startsWith("net.bytebuddy."))
                .count();
        assertTrue(bytebuddy > 0, frames.toString());
        for (Map<String, Object> f : frames) {
            if (String.valueOf(f.get("class")).startsWith("net.bytebuddy.")) {
                assertEquals(Boolean.FALSE, f.get("inApp"), f.toString());
            }
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void agentBridgeFramesAreNotInAppAndTheApplicationsAre(String jdk) throws Exception {
        Scenario s = run(jdk);
        List<Map<String, Object>> frames = frames(single(s, "launcher-task"));
        boolean sawBridge = false;
        boolean sawApp = false;
        for (Map<String, Object> f : frames) {
            String cls = String.valueOf(f.get("class"));
            if (cls.startsWith("dev.telltale.")) {
                sawBridge = true;
                assertEquals(Boolean.FALSE, f.get("inApp"), f.toString());
            }
            if (cls.startsWith("com.example.apps.Tasks")) {
                sawApp = true;
                assertEquals(Boolean.TRUE, f.get("inApp"), f.toString());
            }
        }
        assertTrue(sawBridge, "the agent's bridge runs the task: " + frames);
        assertTrue(sawApp, frames.toString());
        assertFalse(frames.isEmpty());
    }
}
