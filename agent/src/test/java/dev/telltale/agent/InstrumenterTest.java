package dev.telltale.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.agent.hooks.Hook;
import dev.telltale.agent.hooks.Hooks;
import dev.telltale.internal.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.junit.jupiter.api.Test;

class InstrumenterTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Diagnostics diagnostics = new Diagnostics(false, new PrintStream(err, true));
    private final AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice();

    @Test
    void everyHookBuilds() {
        List<Hook> built = new ArrayList<>();
        Instrumenter.build(new AgentBuilder.Default(), Hooks.all(), advice, diagnostics, built);
        assertEquals(Hooks.all().size(), built.size());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHookThatCannotBeBuiltGetsOneLineAndLeavesTheOthersIn() {
        List<Hook> hooks = new ArrayList<>(Hooks.all());
        hooks.add(2, new Hook("broken") {
            @Override
            public AgentBuilder apply(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
                throw new IllegalStateException("no such method");
            }
        });
        List<Hook> built = new ArrayList<>();
        Instrumenter.build(new AgentBuilder.Default(), hooks, advice, diagnostics, built);
        assertEquals(hooks.size() - 1, built.size());
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        assertTrue(
                out.startsWith(
                        "telltale: could not build the broken hook: java.lang.IllegalStateException: no such method"),
                out);
    }
}
