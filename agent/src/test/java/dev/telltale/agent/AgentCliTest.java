package dev.telltale.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentCliTest {
    @Test
    void resendTurnsSessionTrackingOffWithoutChangingTheDestination() {
        assertEquals(
                "bugnet+https://k@h:1/p?platform=linux&sessions=false",
                AgentCliOutbox.withoutSessions("bugnet+https://k@h:1/p?platform=linux&sessions=true"));
        assertEquals("bugnet://k?sessions=false", AgentCliOutbox.withoutSessions("bugnet://k"));
        assertEquals("bugsnag://k?sessions=false", AgentCliOutbox.withoutSessions("bugsnag://k?sessions=true"));
        assertEquals(
                "https://pub@o1.ingest.sentry.io/42",
                AgentCliOutbox.withoutSessions("https://pub@o1.ingest.sentry.io/42?sessions=true"));
        assertEquals("file:/tmp/x", AgentCliOutbox.withoutSessions("file:/tmp/x"));
    }

    @Test
    void helpIsExitZeroAndAnUnknownCommandExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true);
        assertEquals(0, AgentCli.run(new String[] {"--help"}, ps));
        assertEquals(0, AgentCli.run(new String[0], ps));
        assertEquals(2, AgentCli.run(new String[] {"frobnicate"}, ps));
        assertEquals(2, AgentCli.run(new String[] {"outbox", "show"}, ps));
        assertTrue(new String(out.toByteArray(), StandardCharsets.UTF_8).contains("outbox resend"));
    }
}
