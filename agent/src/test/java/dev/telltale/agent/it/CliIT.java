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

    @Test
    void outboxListsAndShowsWhatWaitsInTheOutboxDirectory() throws Exception {
        Path outbox = Files.createTempDirectory("telltale-outbox");
        Files.write(outbox.resolve("1700000000000-abc.json"), "{\"eventId\":\"abc\"}".getBytes("UTF-8"));
        ForkedApp.Result list = cli("-Dtelltale.outbox-dir=" + outbox, "outbox", "list");
        assertEquals(0, list.exitCode, list.toString());
        assertTrue(list.stdout.contains("1 file(s) waiting in " + outbox) && list.stdout.contains("1700000000000-abc.json"), list.toString());
        ForkedApp.Result show = cli("-Dtelltale.outbox-dir=" + outbox, "outbox", "show", "1700000000000-abc.json");
        assertTrue(show.stdout.contains("{\"eventId\":\"abc\"}"), show.toString());
        ForkedApp.Result escape = cli("-Dtelltale.outbox-dir=" + outbox, "outbox", "show", "../../etc/passwd");
        assertEquals(1, escape.exitCode, escape.toString());
    }
}
