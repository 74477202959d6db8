package dev.telltale.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HookFailureIT {

    /** The test classes without {@code Gone}: {@code BrokenFilter}'s hierarchy cannot be resolved. */
    private static Path classesWithoutGone() throws Exception {
        Path from = Paths.get("target", "test-classes").toAbsolutePath();
        Path to = Files.createTempDirectory("classes-without-gone");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("Gone.class")) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static Scenario run(String jdk) throws Exception {
        return Scenario.of(
                "hook-failure",
                jdk,
                (j, events) -> ForkedApp.run(
                        j,
                        Scenario.toDir(events),
                        ForkedApp.appClasspath(
                                Collections.singletonList(classesWithoutGone()), Arrays.asList("test-classes")),
                        "com.example.apps.HookFailureApp"));
    }

    @ParameterizedTest(name = "JDK {0}")
    @MethodSource("dev.telltale.agent.it.ForkedApp#jdks")
    void aHookThatCannotApplyGetsOneLineAndTheOtherHooksStillWork(String jdk) throws Exception {
        Scenario s = run(jdk);
        long lines = Arrays.stream(s.result.stderr.split("\n"))
                .filter(l -> l.startsWith("telltale: could not install the servlet hook"))
                .count();
        assertEquals(1, lines, s.result.toString());
        assertTrue(
                s.result.stdout.contains("app saw java.lang.NoClassDefFoundError"),
                "the application sees what it would see anyway\n" + s.result);
        assertEquals(1, s.events.withException("boom-after-hook-failure").size(), s.result.toString());
        assertEquals(0, s.result.exitCode, s.result.toString());
    }
}
