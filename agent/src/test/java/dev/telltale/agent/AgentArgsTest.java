package dev.telltale.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentArgsTest {

    @Test
    void splitsPairsOnSemicolonsAndKeepsEqualsSignsInValues() {
        AgentArgs a = AgentArgs.parse("destinations=file:/tmp/x, console: ; tags=team=shop,tier=web;debug=true");
        assertEquals("file:/tmp/x, console:", a.values().get("destinations"));
        assertEquals("team=shop,tier=web", a.values().get("tags"));
        assertEquals("true", a.values().get("debug"));
        assertTrue(a.problems().isEmpty());
    }

    @Test
    void namesAPartWithoutKeyAndValueAndKeepsTheRest() {
        AgentArgs a = AgentArgs.parse("oops;release=1.2;;=x");
        assertEquals("1.2", a.values().get("release"));
        assertEquals(2, a.problems().size(), a.problems().toString());
        assertTrue(a.problems().get(0).contains("#1"), a.problems().get(0));
    }

    @Test
    void aMisplacedSecretIsNeverEchoed() {
        AgentArgs a = AgentArgs.parse("https://s3cr3t@127.0.0.1/1");
        assertEquals(1, a.problems().size());
        assertTrue(!a.problems().get(0).contains("s3cr3t"), a.problems().get(0));
        assertEquals("(unprintable key)", AgentArgs.printable("https://s3cr3t@127.0.0.1/1?x"));
        assertEquals("'sample-rate'", AgentArgs.printable("sample-rate"));
    }

    @Test
    void noArgumentsMeansNoValues() {
        assertTrue(AgentArgs.parse(null).values().isEmpty());
        assertTrue(AgentArgs.parse("").problems().isEmpty());
    }
}
