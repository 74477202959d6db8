package dev.telltale.bench.startup;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The floor for a Byte Buddy agent: one type matched by name, one method replaced. Packed alone with
 * Byte Buddy into {@code target/agents/bytebuddy-agent.jar} (see the pom).
 */
public final class BareAgent {
    private BareAgent() {}

    public static void premain(String args, Instrumentation inst) {
        new AgentBuilder.Default()
                .type(ElementMatchers.named("dev.telltale.bench.startup.Hello"))
                .transform((builder, type, loader, module, domain) ->
                        builder.method(ElementMatchers.named("greeting")).intercept(FixedValue.value("transformed")))
                .installOn(inst);
    }
}
