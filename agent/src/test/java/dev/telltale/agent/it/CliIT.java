package dev.telltale.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliIT {

    private static ForkedApp.Result cli(String systemProperty, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ForkedApp.javaFor("17"));
        if (systemProperty != null) {
            cmd.add(systemProperty);
        }
        cmd.add("-jar");
        cmd.add(ForkedApp.AGENT_JAR.toString());
        cmd.addAll(Arrays.asList(args));
        return ForkedApp.exec(cmd);
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        ForkedApp.Result r = cli(null, "version");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.stdout.matches("telltale-agent \\d+\\.\\d+\\.\\d+.*\\s*"), r.toString());
    }

    @Test
    void testSendsOneEventToEachDestinationAndSaysItWasAccepted() throws Exception {
        Path dir = Files.createTempDirectory("telltale-cli");
        ForkedApp.Result r = cli("-Dtelltale.destinations=file:" + dir, "test");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.stdout.contains("accepted      file(" + dir + ")"), r.toString());
        assertEquals(1, Events.in(dir).all().size(), r.toString());
    }
}
