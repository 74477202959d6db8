package dev.telltale.agent;

import dev.telltale.internal.Diagnostics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitForHooksArgumentTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Diagnostics diagnostics = new Diagnostics(false, new PrintStream(err, true));

    @Test
    void acceptsMillisecondsUpToAMinute() {
        assertEquals(3000, AgentBoot.parseWait(" 3000 ", diagnostics));
        assertEquals(0, AgentBoot.parseWait("0", diagnostics));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badValueMeansNoWaitAndOneLine() {
        assertEquals(0, AgentBoot.parseWait("soon", diagnostics));
        assertEquals(0, AgentBoot.parseWait("600000", diagnostics));
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.startsWith("telltale: agent argument 'wait-for-hooks-ms'"), out);
    }

}
